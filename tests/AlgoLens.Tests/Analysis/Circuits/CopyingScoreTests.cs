using AlgoLens.Analysis.Circuits;
using AlgoLens.Models;

namespace AlgoLens.Tests.Analysis.CircuitDetection;

public sealed class CopyingScoreTests
{
    [Fact]
    public void A_head_that_copies_its_tokens_scores_1()
    {
        Assert.Equal(1, CopyingScore.Of(Model([1, 1, 1, 1]), 0, 0));
    }

    [Fact]
    public void A_head_that_suppresses_its_tokens_scores_0()
    {
        Assert.Equal(0, CopyingScore.Of(Model([-1, -1, -1, -1]), 0, 0));
    }

    [Fact]
    public void The_score_is_the_fraction_of_positive_eigenvalues()
    {
        var model = Model([2, -1, 3, -0.5f]);
        Assert.Equal(0.5, CopyingScore.Of(model, 0, 0));
        var values = CopyingScore.Eigenvalues(model, 0, 0).Select(v => v.Real).Order().ToArray();
        Assert.Equal(new[] { -1, -0.5, 2, 3 }, values.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void A_rotation_has_no_positive_real_part_and_scores_0()
    {
        var model = Model([1, 1, 1, 1]);
        // W_O maps head dims (0, 1) to residual (1, −0): a quarter turn in that plane, eigenvalues ±i.
        var wo = model["blocks.0.attn.W_O"].Data;
        int d = model.Config.DModel;
        wo[0 * d + 0] = 0;
        wo[0 * d + 1] = 1;
        wo[1 * d + 1] = 0;
        wo[1 * d + 0] = -1;
        Assert.Equal(0.5, CopyingScore.Of(model, 0, 0)); // ±i, and 1, 1 from dims 2 and 3
    }

    [Fact]
    public void Without_a_shared_token_basis_it_does_not_apply()
    {
        var config = new HookedTransformerConfig { DVocab = 6, DVocabOut = 5, NCtx = 3, DModel = 4, NHeads = 1, DHead = 2, AttnOnly = true };
        Assert.Contains("d_vocab_out", CopyingScore.WhyNotApplicable(config, null), StringComparison.Ordinal);
        Assert.Null(CopyingScore.WhyNotApplicable(config, [(0, 0), (1, 1)]));
    }

    // d_vocab = d_model = 6, W_E = W_U = identity, head 0 reads dims 0..3 and writes them back scaled.
    private static HookedTransformer Model(float[] scales)
    {
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = 1, DModel = 6, NHeads = 1, DHead = 4, DVocab = 6, NCtx = 3, AttnOnly = true, Seed = 2,
        });
        foreach (string name in model.ParameterNames)
        {
            Array.Clear(model[name].Data);
        }
        for (int i = 0; i < 6; i++)
        {
            model["embed.W_E"].Data[i * 6 + i] = 1;
            model["unembed.W_U"].Data[i * 6 + i] = 1;
        }
        for (int h = 0; h < 4; h++)
        {
            model["blocks.0.attn.W_V"].Data[h * 4 + h] = 1;
            model["blocks.0.attn.W_O"].Data[h * 6 + h] = scales[h];
        }
        return model;
    }
}
