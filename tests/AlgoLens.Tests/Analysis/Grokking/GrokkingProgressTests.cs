using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tests.Analysis.Fourier;

namespace AlgoLens.Tests.Analysis.Grokking;

public class GrokkingProgressTests
{
    private const int P = 13, K = 4;

    // A model whose every weight is chosen: Q = K = 0 makes attention at '=' the plain mean of
    // positions 0..2, and V = O = I copy it, so the MLP input at '=' is (E_a + E_b + E_=)/3 =
    // (cos(w₄a) + cos(w₄b))/3 in dimension 0. Neuron 0 reads it with weight 1, neuron 1 with −2,
    // and b_in = 10 keeps both active, so both are linear in cos(w₄a) + cos(w₄b): frequency 4, share
    // 1. Neurons 2 and 3 are dead. W_out and W_U are zero, so every logit is 0.
    private static HookedTransformer KnownModel()
    {
        var model = new HookedTransformer(FrequencyNormsTests.Config(P, dModel: 4, dMlp: 4));
        foreach (string name in model.ParameterNames)
        {
            model[name].Data.AsSpan().Clear();
        }
        for (int x = 0; x < P; x++)
        {
            model["embed.W_E"].Data[x * 4] = (float)Waves.Cos(K, x, P);
        }
        for (int i = 0; i < 4; i++)
        {
            model["blocks.0.attn.W_V"].Data[i * 4 + i] = 1; // [1, 4, 4]
            model["blocks.0.attn.W_O"].Data[i * 4 + i] = 1;
        }
        model["blocks.0.mlp.W_in"].Data[0 * 4 + 0] = 1; // [d_model, d_mlp]
        model["blocks.0.mlp.W_in"].Data[0 * 4 + 1] = -2;
        model["blocks.0.mlp.b_in"].Data[0] = 10;
        model["blocks.0.mlp.b_in"].Data[1] = 10;
        return model;
    }

    [Fact]
    public void MeasuresAModelBuiltFromOneFrequency()
    {
        var model = KnownModel();
        int[] train = [0, 5, 17, 40, 100, 168];
        var m = GrokkingProgress.Measure(model, P, train);

        Assert.Equal([K], m.KeyFrequencies);
        Assert.Equal(1, m.KeyFrequencyCount);
        Assert.Equal([K], m.FrequenciesUsed);
        Assert.Equal(2, m.NeuronsExplained);
        Assert.Equal(4, m.Neurons);
        Assert.Equal(0.5, m.FractionOfNeuronsExplained);
        // All logits 0: every loss is ln p, and there is no variance to explain.
        Assert.Equal(Math.Log(P), m.RestrictedLoss, 1e-12);
        Assert.Equal(Math.Log(P), m.ExcludedLoss, 1e-12);
        Assert.Equal(0, m.LogitVarianceExplained);
        // The embedding is one frequency: share 1, Gini of a one-hot over 6 frequencies.
        Assert.Equal(1, m.EmbeddingShare, 1e-9);
        Assert.Equal(1 - 1.0 / 6, m.GiniEmbedding, 1e-6); // float32 weights: the other norms are ~1e-8, not 0
        Assert.Equal(0, m.GiniNeuronLogitMap);
        // Σ w²: Σ_x cos²(w₄x) = p/2, the identities 4 + 4, W_in 1 + 4, b_in 100 + 100.
        Assert.Equal(P / 2.0 + 213, m.SumOfSquaredWeights, 1e-4);
    }

    [Fact]
    public void The_logit_fit_alone_is_the_progress_measures_number()
    {
        // Neuron 0 (frequency 4) writes dimension 1, which W_U reads as cos(w₄c): logits that the
        // cos(w(a + b − c)) fit explains in part, so the number is not a trivial 0 or 1.
        var model = KnownModel();
        model["blocks.0.mlp.W_out"].Data[0 * 4 + 1] = 1; // [d_mlp, d_model]
        for (int c = 0; c < P; c++)
        {
            model["unembed.W_U"].Data[1 * P + c] = (float)Waves.Cos(K, c, P); // [d_model, p]
        }
        double full = GrokkingProgress.Measure(model, P, [0, 1, 2]).LogitVarianceExplained;
        Assert.True(full > 0 && full < 1, $"the fit explains {full}");
        Assert.Equal(full, GrokkingProgress.LogitVarianceExplained(model, P));
    }

    [Fact]
    public void GivenKeyFrequenciesAreUsedForTheLossesAndShares()
    {
        var m = GrokkingProgress.Measure(KnownModel(), P, [1, 2, 3], keyFrequencies: [2, 2, 5]);
        Assert.Equal([K], m.KeyFrequencies);
        Assert.Equal([2, 5], m.FrequenciesUsed);
        Assert.Equal(0, m.EmbeddingShare, 1e-9);
    }

    [Fact]
    public void LastPositionMatchesTheForwardPass()
    {
        var model = new HookedTransformer(FrequencyNormsTests.Config(P, dModel: 8, dMlp: 6));
        var (logits, activations) = GrokkingProgress.LastPosition(model, P, layer: 0);
        Assert.Equal([P * P, P], logits.Shape);
        Assert.Equal([P * P, 6], activations.Shape);
        var (full, cache) = model.RunWithCache(ModularAdditionGrid.Tokens(P));
        var post = cache["post", 0];
        foreach (int i in new[] { 0, 14, 168 })
        {
            for (int c = 0; c < P; c++)
            {
                Assert.Equal(full[i, 2, c], logits[i, c]);
            }
            for (int j = 0; j < 6; j++)
            {
                Assert.Equal(post[i, 2, j], activations[i, j]);
            }
        }
    }

    [Fact]
    public void LastPositionInPassesIsTheSameBitsAsOneForwardPass()
    {
        // Passes of 7 inputs (which do not divide p² = 169) against one forward over the grid.
        var model = new HookedTransformer(FrequencyNormsTests.Config(P, dModel: 8, dMlp: 6));
        var (logits, activations) = GrokkingProgress.LastPosition(model, P, layer: 0, rowsPerPass: 7);
        var (full, cache) = model.RunWithCache(ModularAdditionGrid.Tokens(P));
        var post = cache["post", 0];
        for (int i = 0; i < P * P; i++)
        {
            for (int c = 0; c < P; c++)
            {
                Assert.Equal(full[i, 2, c], logits[i, c]);
            }
            for (int j = 0; j < 6; j++)
            {
                Assert.Equal(post[i, 2, j], activations[i, j]);
            }
        }
    }

    [Fact]
    public void GridHoldsEveryPairInAMajorOrder()
    {
        var tokens = ModularAdditionGrid.Tokens(P);
        Assert.Equal(P * P, tokens.Batch);
        int row = 7 * P + 11;
        Assert.Equal([7, 11, P], tokens.Ids.Skip(row * 3).Take(3));
        Assert.Equal((7 + 11) % P, ModularAdditionGrid.Labels(P)[row]);
    }

    [Fact]
    public void RejectsModelsThatDoNotFitTheTask()
    {
        var model = new HookedTransformer(FrequencyNormsTests.Config(P));
        Assert.Throws<ArgumentException>(() => GrokkingProgress.Measure(model, 11, [0]));
        var attnOnly = new HookedTransformer(FrequencyNormsTests.Config(P) with { AttnOnly = true });
        Assert.Throws<ArgumentException>(() => GrokkingProgress.Measure(attnOnly, P, [0]));
        Assert.Throws<ArgumentException>(() => GrokkingProgress.Measure(model, P, [P * P]));
    }
}
