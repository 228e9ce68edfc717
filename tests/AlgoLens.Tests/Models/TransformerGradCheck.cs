using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>
/// Small transformers and a central finite-difference check of every trainable parameter's
/// gradient. The probed scalar is sum(output · weights) over the real positions with fixed random
/// weights, so that every output element gets a distinct gradient and padding is ignored as a loss
/// ignores it.
/// </summary>
internal static class TransformerGradCheck
{
    /// <summary>Two tiny layers with LayerNorm and a smooth activation (no ReLU kinks for the differences to straddle).</summary>
    public static HookedTransformerConfig Tiny => new()
    {
        NLayers = 2, DModel = 8, NHeads = 2, DHead = 3, DMlp = 8, DVocab = 5, DVocabOut = 4, NCtx = 4,
        ActFn = "gelu", NormalizationType = "LN", Seed = 3,
    };

    /// <summary>Token batch [3, 4]: varied ids, so that positions differ.</summary>
    public static TokenBatch Tokens(bool[]? mask = null) => new([0, 1, 2, 3, 4, 2, 1, 0, 3, 3, 1, 4], 3, 4, mask);

    /// <summary>A model with non-zero biases (zero biases would leave their paths unexercised).</summary>
    public static HookedTransformer Model(HookedTransformerConfig config)
    {
        var model = new HookedTransformer(config);
        foreach (string name in model.ParameterNames.Where(n => model.Parameters.Spec(n).Role is ParameterRole.Bias or ParameterRole.NormBias or ParameterRole.NormScale))
        {
            var data = model[name].Data;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] += 0.2f * MathF.Sin(3 * i + name.Length);
            }
        }
        return model;
    }

    /// <summary>Checks every trainable parameter's gradient of the general forward pass against central differences.</summary>
    public static void Check(HookedTransformer model, ModelInput input, float eps = 1e-2f, double atol = 2e-3, double rtol = 2e-2)
    {
        var options = new ForwardOptions { AllowSpecialisations = false };
        var output = model.Forward(input, options);
        int width = output.Shape[^1];
        var rng = new System.Random(99);
        var weights = new float[output.Size];
        for (int i = 0; i < weights.Length; i++)
        {
            bool real = input.AttentionMask?[i / width] ?? true;
            weights[i] = real ? (float)(rng.NextDouble() * 2 - 1) : 0f;
        }
        ModelGradCheck.Check(model, input, weights, eps, atol, rtol);
    }
}
