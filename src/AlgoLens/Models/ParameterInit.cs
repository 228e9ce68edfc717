using AlgoLens.Tensors.Random;

namespace AlgoLens.Models;

/// <summary>The two initialisation schemes of <see cref="HookedTransformerConfig.InitScheme"/>.</summary>
internal static class ParameterInit
{
    /// <summary>
    /// Fills weight matrices from <paramref name="rng"/> in state-dict order; biases stay zero and
    /// LayerNorm weights are set to one. "transformer_lens": normal(0, 0.8/sqrt(d_model)) for every
    /// matrix, as TransformerLens's init for small models; "grokking": randn/sqrt(d_model), and W_U
    /// randn/sqrt(d_vocab), as the grokking paper's code.
    /// </summary>
    public static void Initialise(HookedTransformer model, Rng rng)
    {
        var config = model.Config;
        float tlStd = 0.8f / MathF.Sqrt(config.DModel);
        foreach (string name in model.ParameterNames)
        {
            var p = model[name];
            string leaf = name[(name.LastIndexOf('.') + 1)..];
            if (leaf == "w")
            {
                Array.Fill(p.Data, 1f);
                continue;
            }
            if (!leaf.StartsWith("W_", StringComparison.Ordinal))
            {
                continue;
            }
            float std = config.InitScheme == "grokking"
                ? 1f / MathF.Sqrt(leaf == "W_U" ? config.DVocab : config.DModel)
                : tlStd;
            rng.FillNormal(p.Data, 0f, std);
        }
    }
}
