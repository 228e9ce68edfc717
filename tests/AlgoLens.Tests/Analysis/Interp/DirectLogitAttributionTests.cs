using AlgoLens.Data;
using AlgoLens.Analysis.Interp;
using AlgoLens.Models;

namespace AlgoLens.Tests.Analysis.Interp;

public class DirectLogitAttributionTests
{
    private static readonly TokenBatch Tokens = TinyModels.Clean;

    [Theory]
    [InlineData("none", false, false)]
    [InlineData("LN", false, false)]
    [InlineData("LN", true, false)]
    [InlineData("none", true, true)]
    [InlineData("LN", false, true)]
    [InlineData("LNPre", false, false)]
    public void ComponentsSumToTheLogits(string norm, bool expandNeurons, bool attnOnly)
    {
        // (an RMS-normalised model is refused: see RmsNormIsRefusedWithTheReason)
        var model = TinyModels.Model(layers: 2, norm: norm, attnOnly: attnOnly);
        var logits = model.Forward(Tokens); // [batch, pos, vocab]
        int vocab = model.Config.OutputVocab;
        foreach (int position in new[] { 3, 1 })
        {
            var decomposition = DirectLogitAttribution.Decompose(model, Tokens, position, expandNeurons);
            double Logit(int b, int token) => logits[b, position, token];
            for (int token = 0; token < vocab; token++)
            {
                var totals = decomposition.Attribute(token).Totals();
                for (int b = 0; b < Tokens.Batch; b++)
                {
                    Assert.InRange(Math.Abs(Logit(b, token) - totals[b]), 0, 1e-4);
                }
            }
            var difference = decomposition.Attribute(2, 5).Totals();
            var perExample = decomposition.Attribute([0, 1, 2], [6, 5, 4]).Totals();
            for (int b = 0; b < Tokens.Batch; b++)
            {
                Assert.Equal(Logit(b, 2) - Logit(b, 5), difference[b], 4);
                Assert.Equal(Logit(b, b) - Logit(b, 6 - b), perExample[b], 4);
            }
        }
    }

    [Fact]
    public void TheStackSumsToTheActualResidualAndLabelsFollowTransformerLens()
    {
        var model = TinyModels.Model(layers: 2, norm: "LN");
        var decomposition = DirectLogitAttribution.Decompose(model, Tokens);
        Assert.Equal(["embed", "pos_embed", "L0H0", "L0H1", "L0.b_O", "L0.mlp", "L0.b_out", "L1H0", "L1H1", "L1.b_O", "L1.mlp", "L1.b_out"], decomposition.Labels);
        Assert.Equal([.. decomposition.Labels, "ln_final.b", "b_U"], decomposition.AttributionLabels);
        var actual = decomposition.ActualResidual;
        for (int b = 0; b < Tokens.Batch; b++)
        {
            var stack = decomposition.Stack(b);
            for (int i = 0; i < decomposition.DModel; i++)
            {
                double sum = 0;
                for (int c = 0; c < decomposition.Labels.Count; c++)
                {
                    sum += stack[c, i];
                }
                Assert.Equal(actual[b, i], sum, 4);
            }
        }
        Assert.NotNull(decomposition.FinalScale);
        Assert.Null(DirectLogitAttribution.Decompose(TinyModels.Model(), Tokens).FinalScale);
    }

    [Fact]
    public void AHeadThatWritesNothingIsAttributedNothing()
    {
        var model = TinyModels.Model(norm: "LN");
        TinyModels.SilenceHead(model, 0, 1);
        var attribution = DirectLogitAttribution.Decompose(model, Tokens).Attribute(3);
        for (int b = 0; b < Tokens.Batch; b++)
        {
            Assert.Equal(0.0, attribution[b, "L0H1"], 10);
            Assert.NotEqual(0.0, attribution[b, "L0H0"], 6);
        }
        Assert.Equal(model["unembed.b_U"].Data[3], attribution.MeanOverBatch()[^1], 6);
    }

    [Fact]
    public void WithoutLayerNormAComponentsAttributionIsItsDotWithTheUnembedColumn()
    {
        var model = TinyModels.Model();
        var decomposition = DirectLogitAttribution.Decompose(model, Tokens, position: 2);
        var embedding = decomposition.Component(1, 0); // example 1's token at position 2 is 0
        double expected = 0;
        for (int i = 0; i < model.Config.DModel; i++)
        {
            Assert.Equal(model["embed.W_E"][0, i], embedding[i], 6);
            expected += embedding[i] * model["unembed.W_U"][i, 4];
        }
        Assert.Equal(expected, decomposition.Attribute(4).Values[1, 0], 6);
    }

    [Fact]
    public void LogitsByComponentCoverEveryTokenAndDirectionsMatchTokens()
    {
        var model = TinyModels.Model(layers: 2, norm: "LN");
        var decomposition = DirectLogitAttribution.Decompose(model, Tokens);
        var table = decomposition.LogitsByComponent(example: 2); // [labels, vocab]
        var logits = model.Forward(Tokens);
        var columnOf5 = Enumerable.Range(0, model.Config.DModel).Select(i => (double)model["unembed.W_U"][i, 5]).ToArray();
        var viaDirection = decomposition.AttributeDirection(columnOf5, model["unembed.b_U"].Data[5]);
        for (int t = 0; t < model.Config.OutputVocab; t++)
        {
            double sum = 0;
            for (int c = 0; c < decomposition.AttributionLabels.Count; c++)
            {
                sum += table[c, t];
            }
            Assert.Equal(logits[2, 3, t], sum, 4);
        }
        for (int c = 0; c < decomposition.AttributionLabels.Count; c++)
        {
            Assert.Equal(table[c, 5], viaDirection.Values[2, c], 8);
        }
    }

    [Fact]
    public void RmsNormIsRefusedWithTheReason()
    {
        var model = TinyModels.Model(layers: 1, norm: "RMS", attnOnly: false);
        Assert.Contains("RMS", Assert.Throws<NotSupportedException>(() => DirectLogitAttribution.Decompose(model, Tokens)).Message);
    }
}
