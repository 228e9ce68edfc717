using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

/// <summary>Tiny models and batches whose behaviour under interventions is computable by hand.</summary>
internal static class TinyModels
{
    public static HookedTransformerConfig Config(int layers = 1, string norm = "none", bool attnOnly = false) => new()
    {
        NLayers = layers, DModel = 8, NHeads = 2, DHead = 4, DMlp = 16, DVocab = 7, NCtx = 4,
        NormalizationType = norm, AttnOnly = attnOnly, Seed = 3,
    };

    /// <summary>A randomly initialised model with random (non-zero) biases, so that bias terms are tested too.</summary>
    public static HookedTransformer Model(int layers = 1, string norm = "none", bool attnOnly = false)
    {
        var model = new HookedTransformer(Config(layers, norm, attnOnly));
        var rng = new AlgoLens.Tensors.Random.Rng(11);
        foreach (string name in model.ParameterNames)
        {
            if (name.Contains(".b_", StringComparison.Ordinal) || name.EndsWith("ln_final.b", StringComparison.Ordinal) || name.StartsWith("unembed.b", StringComparison.Ordinal))
            {
                var data = model[name].Data;
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = (float)(rng.NextDouble() - 0.5);
                }
            }
        }
        return model;
    }

    public static TokenBatch Batch(params int[][] rows) => TokenBatch.FromRows(rows);

    public static TokenBatch Clean => Batch([1, 2, 3, 4], [5, 6, 0, 1], [2, 2, 4, 4]);

    /// <summary>The clean batch with position 1 changed in every example.</summary>
    public static TokenBatch Corrupted => Batch([1, 5, 3, 4], [5, 0, 0, 1], [2, 6, 4, 4]);

    /// <summary>Zeroes one head's slice of W_O, so that head writes nothing.</summary>
    public static void SilenceHead(HookedTransformer model, int layer, int head)
    {
        var cfg = model.Config;
        Array.Clear(model[$"blocks.{layer}.attn.W_O"].Data, head * cfg.DHead * cfg.DModel, cfg.DHead * cfg.DModel);
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"Entry {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }

    public static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        AssertClose(expected.Data, actual.Data, tolerance);
    }
}
