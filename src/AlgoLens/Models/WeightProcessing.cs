namespace AlgoLens.Models;

/// <summary>
/// The steps of TransformerLens's <c>process_weights</c> on a <see cref="HookedTransformer"/>'s
/// parameters (loading_from_pretrained's fold_layer_norm, center_writing_weights, center_unembed):
/// each works on a copy of the weights, held by name, and the result is a new model built from them.
/// </summary>
internal static class WeightProcessing
{
    /// <summary>See <see cref="HookedTransformer.ProcessWeights"/>.</summary>
    public static HookedTransformer Process(HookedTransformer model, bool foldLn, bool centerWritingWeights, bool centerUnembed)
    {
        ArgumentNullException.ThrowIfNull(model);
        var cfg = model.Config;
        string norm = cfg.NormalizationType ?? "none";
        if (centerWritingWeights && norm is not ("LN" or "LNPre"))
        {
            throw new ArgumentException($"center_writing_weights does not apply to this model (normalization_type \"{norm}\"): centring what writes to the residual stream leaves the outputs unchanged only when every reader of the stream subtracts its mean, i.e. LayerNorm (\"LN\" or \"LNPre\"). Pass centerWritingWeights: false.");
        }
        var weights = model.Parameters.Names.ToDictionary(n => n, n => (float[])model[n].Data.Clone(), StringComparer.Ordinal);
        var shapes = model.Parameters.Names.ToDictionary(n => n, n => model[n].Shape, StringComparer.Ordinal);
        var newConfig = cfg;
        if (foldLn && norm != "none")
        {
            bool layerNorm = norm is "LN" or "LNPre";
            FoldLayerNorm(weights, cfg, foldBiases: layerNorm, centerWeights: layerNorm);
            newConfig = cfg with { NormalizationType = layerNorm ? "LNPre" : "RMSPre" };
        }
        if (centerWritingWeights)
        {
            CenterWritingWeights(weights, cfg);
        }
        if (centerUnembed)
        {
            CenterRows(weights["unembed.W_U"], cfg.DModel, cfg.OutputVocab);
            CenterRows(weights["unembed.b_U"], 1, cfg.OutputVocab);
        }
        var result = new HookedTransformer(newConfig);
        foreach (string name in result.Parameters.Names)
        {
            if (!weights.TryGetValue(name, out var values))
            {
                throw new InvalidOperationException($"Weight processing produced no '{name}' for the {newConfig.NormalizationType} model; this is a bug.");
            }
            result.SetParameter(name, values, shapes[name]);
        }
        return result;
    }

    /// <summary>
    /// fold_layer_norm: w scales the rows (d_model) of every weight that reads the normalisation, b
    /// adds b · W to its bias; the reading weights are then centred along d_model (exact for LN and
    /// LNPre, whose output has zero mean). The norm's w and b are removed.
    /// </summary>
    private static void FoldLayerNorm(Dictionary<string, float[]> weights, HookedTransformerConfig cfg, bool foldBiases, bool centerWeights)
    {
        int d = cfg.DModel, h = cfg.NHeads, dh = cfg.DHead;
        for (int l = 0; l < cfg.NLayers; l++)
        {
            string ln1 = $"blocks.{l}.ln1.", attn = $"blocks.{l}.attn.";
            foreach (string m in new[] { "Q", "K", "V" })
            {
                // W_{Q,K,V} [head, d_model, d_head]: h matrices [d_model, d_head], each read like W_in.
                for (int head = 0; head < h; head++)
                {
                    FoldInto(weights, ln1, attn + "W_" + m, head * d * dh, attn + "b_" + m, head * dh, d, dh, foldBiases, centerWeights);
                }
            }
            Remove(weights, ln1);
            if (!cfg.AttnOnly)
            {
                string ln2 = $"blocks.{l}.ln2.", mlp = $"blocks.{l}.mlp.";
                FoldInto(weights, ln2, mlp + "W_in", 0, mlp + "b_in", 0, d, cfg.DMlp, foldBiases, centerWeights);
                Remove(weights, ln2);
            }
        }
        FoldInto(weights, "ln_final.", "unembed.W_U", 0, "unembed.b_U", 0, d, cfg.OutputVocab, foldBiases, centerWeights);
        Remove(weights, "ln_final.");
    }

    // One reading matrix W [d_model, n] at offset wAt of its tensor, bias [n] at bAt: b_new = b + ln.b · W,
    // W_new = ln.w[:, None] * W, then W_new -= its mean over d_model.
    private static void FoldInto(Dictionary<string, float[]> weights, string ln, string wName, int wAt, string bName, int bAt, int d, int n, bool foldBiases, bool centerWeights)
    {
        var w = weights[wName];
        if (foldBiases && weights.TryGetValue(ln + "b", out var lnB))
        {
            var b = weights[bName];
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < d; i++)
                {
                    sum += (double)lnB[i] * w[wAt + i * n + j];
                }
                b[bAt + j] = (float)(b[bAt + j] + sum);
            }
        }
        if (weights.TryGetValue(ln + "w", out var lnW))
        {
            for (int i = 0; i < d; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    w[wAt + i * n + j] *= lnW[i];
                }
            }
        }
        if (centerWeights)
        {
            for (int j = 0; j < n; j++)
            {
                double mean = 0;
                for (int i = 0; i < d; i++)
                {
                    mean += w[wAt + i * n + j];
                }
                mean /= d;
                for (int i = 0; i < d; i++)
                {
                    w[wAt + i * n + j] = (float)(w[wAt + i * n + j] - mean);
                }
            }
        }
    }

    /// <summary>center_writing_weights: every vector written into the residual stream gets mean zero over d_model.</summary>
    private static void CenterWritingWeights(Dictionary<string, float[]> weights, HookedTransformerConfig cfg)
    {
        int d = cfg.DModel;
        var writers = new List<string> { "embed.W_E", "pos_embed.W_pos" };
        for (int l = 0; l < cfg.NLayers; l++)
        {
            writers.Add($"blocks.{l}.attn.W_O");
            writers.Add($"blocks.{l}.attn.b_O");
            if (!cfg.AttnOnly)
            {
                writers.Add($"blocks.{l}.mlp.W_out");
                writers.Add($"blocks.{l}.mlp.b_out");
            }
        }
        foreach (string name in writers)
        {
            var values = weights[name];
            CenterRows(values, values.Length / d, d);
        }
    }

    // Each of `rows` consecutive rows of `width` entries minus its mean (in double).
    private static void CenterRows(float[] values, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            double mean = 0;
            for (int j = 0; j < width; j++)
            {
                mean += values[r * width + j];
            }
            mean /= width;
            for (int j = 0; j < width; j++)
            {
                values[r * width + j] = (float)(values[r * width + j] - mean);
            }
        }
    }

    private static void Remove(Dictionary<string, float[]> weights, string prefix)
    {
        weights.Remove(prefix + "w");
        weights.Remove(prefix + "b");
    }
}
