using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Direct logit attribution: split the final residual stream into its additive terms and project
/// each on logit directions. Head outputs are TransformerLens's per-head <c>result</c>,
/// z_h · W_O[h], computed from hook_z and W_O (b_O is its own term).
/// </summary>
public static class DirectLogitAttribution
{
    /// <summary>
    /// Decomposes the final residual stream of <paramref name="tokens"/> at <paramref name="position"/>
    /// (negative counts from the end) into embed, pos_embed, L{l}H{h}, L{l}.b_O, L{l}.mlp (the
    /// neurons' sum, post · W_out) or, with <paramref name="expandNeurons"/>, one L{l}N{n} per
    /// neuron, and L{l}.b_out.
    /// </summary>
    public static ResidualDecomposition Decompose(HookedTransformer model, TokenBatch tokens, int position = -1, bool expandNeurons = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        var cfg = model.Config;
        int p = position < 0 ? position + tokens.Positions : position;
        if (p < 0 || p >= tokens.Positions)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"Position {position} is outside the {tokens.Positions} positions of the tokens.");
        }
        if (cfg.NormalizationType is "RMS" or "RMSPre")
        {
            // The decomposition divides each component by the final LayerNorm's scale after
            // centring; RMS norms do not centre, which the residual decomposition does not model yet.
            throw new NotSupportedException($"Direct logit attribution supports normalization_type none, LN and LNPre; this model uses {cfg.NormalizationType}.");
        }
        bool normalised = cfg.NormalizationType is "LN" or "LNPre";
        string final = $"blocks.{cfg.NLayers - 1}.hook_resid_post";
        ActivationCache cache;
        using (Tensor.NoGrad())
        {
            (_, cache) = model.RunWithCache(tokens, n => n is HookNames.Embed or HookNames.PosEmbed || n == final
                || n.EndsWith(".attn.hook_z", StringComparison.Ordinal) || n.EndsWith(".mlp.hook_post", StringComparison.Ordinal));
        }
        int d = cfg.DModel;
        var labels = new List<string>();
        var writers = new List<ComponentWriter>();
        void Add(string label, ComponentWriter writer)
        {
            labels.Add(label);
            writers.Add(writer);
        }

        Add("embed", RowOf(AtPosition(cache[HookNames.Embed], p), d));
        Add("pos_embed", RowOf(AtPosition(cache[HookNames.PosEmbed], p), d));
        for (int l = 0; l < cfg.NLayers; l++)
        {
            var z = AtPosition(cache["z", l], p);                      // [batch, head * d_head]
            var wO = model[$"blocks.{l}.attn.W_O"].ToArray();          // [head, d_head, d_model]
            for (int h = 0; h < cfg.NHeads; h++)
            {
                Add($"L{l}H{h}", Combination(z, cfg.NHeads * cfg.DHead, h * cfg.DHead, cfg.DHead, wO, d));
            }
            Add($"L{l}.b_O", Constant(model[$"blocks.{l}.attn.b_O"].ToArray()));
            if (cfg.AttnOnly)
            {
                continue;
            }
            var post = AtPosition(cache["post", l], p);                // [batch, d_mlp]
            var wOut = model[$"blocks.{l}.mlp.W_out"].ToArray();       // [d_mlp, d_model]
            if (expandNeurons)
            {
                for (int n = 0; n < cfg.DMlp; n++)
                {
                    Add($"L{l}N{n}", Combination(post, cfg.DMlp, n, 1, wOut, d));
                }
            }
            else
            {
                Add($"L{l}.mlp", Combination(post, cfg.DMlp, 0, cfg.DMlp, wOut, d));
            }
            Add($"L{l}.b_out", Constant(model[$"blocks.{l}.mlp.b_out"].ToArray()));
        }

        var resid = AtPosition(cache[final], p); // [batch, d_model]
        var actual = new double[tokens.Batch, d];
        for (int b = 0; b < tokens.Batch; b++)
        {
            for (int i = 0; i < d; i++)
            {
                actual[b, i] = resid[b * d + i];
            }
        }
        // LNPre is LayerNorm with weight one and bias zero.
        float[]? lnWeight = !normalised ? null : cfg.UsesLayerNorm ? model["ln_final.w"].ToArray() : Enumerable.Repeat(1f, d).ToArray();
        float[]? lnBias = !normalised ? null : cfg.UsesLayerNorm ? model["ln_final.b"].ToArray() : new float[d];
        return new ResidualDecomposition(labels, [.. writers], actual, normalised ? FinalScales(actual, cfg.Eps) : null, p,
            model["unembed.W_U"].ToArray(), model["unembed.b_U"].ToArray(), lnWeight, lnBias);
    }

    // The scale that ln_final divides by: sqrt(mean((x − mean x)²) + eps), per example, in double.
    private static double[] FinalScales(double[,] resid, float eps)
    {
        int batch = resid.GetLength(0), d = resid.GetLength(1);
        var scales = new double[batch];
        for (int b = 0; b < batch; b++)
        {
            double mean = 0, variance = 0;
            for (int i = 0; i < d; i++)
            {
                mean += resid[b, i];
            }
            mean /= d;
            for (int i = 0; i < d; i++)
            {
                variance += (resid[b, i] - mean) * (resid[b, i] - mean);
            }
            scales[b] = Math.Sqrt(variance / d + eps);
        }
        return scales;
    }

    // The slice [batch, ...] at one position of a [batch, pos, ...] activation, flattened.
    private static float[] AtPosition(Tensor activation, int position)
    {
        int batch = activation.Shape[0], positions = activation.Shape[1];
        int inner = activation.Size / (batch * positions);
        var result = new float[batch * inner];
        for (int b = 0; b < batch; b++)
        {
            Array.Copy(activation.Data, (b * positions + position) * inner, result, b * inner, inner);
        }
        return result;
    }

    private static ComponentWriter RowOf(float[] rows, int d) => (b, dst) =>
    {
        for (int i = 0; i < d; i++)
        {
            dst[i] = rows[b * d + i];
        }
    };

    private static ComponentWriter Constant(float[] vector) => (_, dst) =>
    {
        for (int i = 0; i < vector.Length; i++)
        {
            dst[i] = vector[i];
        }
    };

    // Σ_j coefficients[b, start + j] · matrix[start + j, :] for j < count: a head's z · W_O[h]
    // (W_O flattened to [head·d_head, d_model]), or neurons' post · W_out.
    private static ComponentWriter Combination(float[] coefficients, int width, int start, int count, float[] matrix, int d) => (b, dst) =>
    {
        dst.Clear();
        for (int j = start; j < start + count; j++)
        {
            double c = coefficients[b * width + j];
            if (c == 0)
            {
                continue;
            }
            var row = matrix.AsSpan(j * d, d);
            for (int i = 0; i < d; i++)
            {
                dst[i] += c * row[i];
            }
        }
    };
}
