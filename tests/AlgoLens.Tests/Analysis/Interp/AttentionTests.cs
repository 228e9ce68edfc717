using AlgoLens.Analysis.Interp;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

public class AttentionTests
{
    // Head 0 attends to the previous token (query 0 to itself), head 1 uniformly to the past.
    private static Tensor HandBuiltPattern()
    {
        var pattern = Tensor.Zeros(1, 2, 4, 4); // [batch, head, q, k]
        for (int q = 0; q < 4; q++)
        {
            pattern[0, 0, q, Math.Max(0, q - 1)] = 1;
            for (int k = 0; k <= q; k++)
            {
                pattern[0, 1, q, k] = 1f / (q + 1);
            }
        }
        return pattern;
    }

    [Fact]
    public void ScoresOfAHandBuiltPattern()
    {
        var pattern = HandBuiltPattern();
        double uniformPrevious = (1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 3;
        var previous = AttentionScores.PreviousToken(pattern);
        Assert.Equal(1.0, previous[0], 6);
        Assert.Equal(uniformPrevious, previous[1], 6);
        Assert.Equal(0.25, AttentionScores.Self(pattern)[0], 6);
        Assert.Equal(0.0, AttentionScores.Self(pattern, skipQueries: 1)[0], 6);
        Assert.Equal(0.5, AttentionScores.FirstToken(pattern)[0], 6); // queries 0 and 1 look at key 0
        Assert.Equal((1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 4, AttentionScores.FirstToken(pattern)[1], 6);
        Assert.Equal(1 / 4.0, AttentionScores.Diagonal(pattern, -3)[1], 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionScores.Diagonal(pattern, 1));
    }

    [Fact]
    public void AnInductionStripeScoresOne()
    {
        // A period-3 sequence of 6 tokens: from query q ≥ 3, attend to key q − 2, the token after
        // the previous occurrence of the current token.
        var pattern = Tensor.Zeros(1, 1, 6, 6);
        for (int q = 0; q < 6; q++)
        {
            pattern[0, 0, q, q >= 2 ? q - 2 : 0] = 1;
        }
        Assert.Equal(1.0, AttentionScores.Diagonal(pattern, 1 - 3)[0], 6);
    }

    [Fact]
    public void AModelWithoutQueriesAttendsUniformly()
    {
        // W_Q = 0 makes every score equal, so each query spreads over its past uniformly.
        var model = TinyModels.Model(layers: 2);
        foreach (string name in new[] { "blocks.0.attn.W_Q", "blocks.1.attn.W_Q", "blocks.0.attn.b_Q", "blocks.1.attn.b_Q" })
        {
            Array.Clear(model[name].Data);
        }
        var tokens = TinyModels.Clean;
        var head = AttentionPatterns.Head(model, tokens, layer: 1, head: 0, example: 2);
        var expected = HandBuiltPattern();
        for (int q = 0; q < 4; q++)
        {
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal(expected[0, 1, q, k], head[q, k], 6);
            }
        }
        var previous = AttentionPatterns.PreviousTokenScores(model, tokens);
        var first = AttentionPatterns.FirstTokenScores(model, tokens);
        Assert.Equal([2, 2], new[] { previous.GetLength(0), previous.GetLength(1) });
        foreach (var score in new[] { previous[0, 0], previous[1, 1] })
        {
            Assert.Equal((1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 3, score, 6);
        }
        Assert.Equal((1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 4, first[1, 0], 6);
        Assert.Equal(AttentionPatterns.DiagonalScores(model, tokens, -2)[0, 1], AttentionPatterns.InductionScores(model, tokens, period: 3)[0, 1], 10);
        Assert.Equal(AttentionPatterns.SelfScores(model, tokens)[1, 1], AttentionPatterns.DiagonalScores(model, tokens, 0)[1, 1], 10);
        Assert.Equal(2, AttentionPatterns.All(model, tokens).Count);
    }
}
