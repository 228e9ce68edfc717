using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// TransformerLens's <c>ActivationCache</c> conveniences for a <see cref="HookedTransformer"/>'s cache,
/// with its names and semantics: <c>accumulated_resid</c> (the logit lens), <c>decompose_resid</c>,
/// <c>stack_head_results</c>, <c>apply_ln_to_stack</c> and <c>logit_attrs</c>. The model is passed
/// explicitly (TransformerLens's cache holds it). <c>posSlice</c> is TransformerLens's integer
/// <c>pos_slice</c>: null keeps every position, an index (negative counts from the end) keeps one
/// and drops the position axis.
/// </summary>
public static class CacheResiduals
{
    /// <summary>
    /// <c>accumulated_resid</c>: the residual stream as it stands before each layer, "0_pre",
    /// "1_pre", ... up to and including the input of <paramref name="layer"/> (null or -1: n_layers,
    /// which ends with "final_post", the input of the unembedding); with <paramref name="inclMid"/>,
    /// "{l}_mid" after each "{l}_pre" but the last; with <paramref name="mlpInput"/>, "{layer}_mid"
    /// after the last. <paramref name="applyLn"/> passes the stack through the LayerNorm that reads
    /// <paramref name="layer"/> (<see cref="ApplyLnToStack"/>).
    /// </summary>
    public static ResidualStack AccumulatedResid(this ActivationCache cache, HookedTransformer model, int? layer = null, bool inclMid = false, bool applyLn = false, int? posSlice = null, bool mlpInput = false)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(model);
        int n = model.Config.NLayers;
        int last = ResolveLayer(layer, n);
        var parts = new List<Tensor>();
        var labels = new List<string>();
        for (int l = 0; l <= last; l++)
        {
            if (l == n)
            {
                parts.Add(cache["resid_post", n - 1]);
                labels.Add("final_post");
                continue;
            }
            parts.Add(cache["resid_pre", l]);
            labels.Add($"{l}_pre");
            if ((inclMid && l < last) || (mlpInput && l == last))
            {
                parts.Add(cache["resid_mid", l]);
                labels.Add($"{l}_mid");
            }
        }
        var stack = StackAt(parts, posSlice);
        return new ResidualStack(applyLn ? cache.ApplyLnToStack(model, stack, last, mlpInput, posSlice) : stack, labels);
    }

    /// <summary>
    /// <c>decompose_resid</c>: the terms whose sum is the input of <paramref name="layer"/> (null or
    /// -1: n_layers, the final residual stream): "embed", "pos_embed" (with
    /// <paramref name="inclEmbeds"/>), then "{l}_attn_out" and "{l}_mlp_out" of each earlier layer
    /// (<paramref name="mode"/> "all", "attn" or "mlp"), and with <paramref name="mlpInput"/>
    /// "{layer}_attn_out".
    /// </summary>
    public static ResidualStack DecomposeResid(this ActivationCache cache, HookedTransformer model, int? layer = null, bool mlpInput = false, string mode = "all", bool applyLn = false, int? posSlice = null, bool inclEmbeds = true)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(model);
        if (mode is not ("all" or "attn" or "mlp"))
        {
            throw new ArgumentException($"decompose_resid mode '{mode}' is unknown; use all, attn or mlp.", nameof(mode));
        }
        int last = ResolveLayer(layer, model.Config.NLayers);
        bool inclAttn = mode != "mlp";
        bool inclMlp = mode != "attn" && !model.Config.AttnOnly;
        var parts = new List<Tensor>();
        var labels = new List<string>();
        if (inclEmbeds)
        {
            foreach (var (hook, label) in new[] { (HookNames.Embed, "embed"), (HookNames.PosEmbed, "pos_embed") })
            {
                if (cache.Contains(hook))
                {
                    parts.Add(cache[hook]);
                    labels.Add(label);
                }
            }
        }
        for (int l = 0; l < last; l++)
        {
            if (inclAttn)
            {
                parts.Add(cache["attn_out", l]);
                labels.Add($"{l}_attn_out");
            }
            if (inclMlp)
            {
                parts.Add(cache["mlp_out", l]);
                labels.Add($"{l}_mlp_out");
            }
        }
        if (mlpInput && inclAttn)
        {
            parts.Add(cache["attn_out", last]);
            labels.Add($"{last}_attn_out");
        }
        var stack = StackAt(parts, posSlice);
        return new ResidualStack(applyLn ? cache.ApplyLnToStack(model, stack, last, mlpInput, posSlice) : stack, labels);
    }

    /// <summary>
    /// <c>stack_head_results</c>: each head's result z_h · W_O[h] (computed here from hook_z and
    /// W_O; b_O is not in it) for every layer before <paramref name="layer"/> (null or -1: all),
    /// labelled "L{l}H{h}", layer-major; with <paramref name="inclRemainder"/>, a last term
    /// "remainder", the input of <paramref name="layer"/> minus the heads' sum.
    /// </summary>
    public static ResidualStack StackHeadResults(this ActivationCache cache, HookedTransformer model, int? layer = null, bool inclRemainder = false, int? posSlice = null, bool applyLn = false)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(model);
        var cfg = model.Config;
        int last = ResolveLayer(layer, cfg.NLayers);
        var parts = new List<Tensor>();
        var labels = new List<string>();
        for (int l = 0; l < last; l++)
        {
            var z = cache["z", l];                          // [batch, pos, head, d_head]
            var wO = model[$"blocks.{l}.attn.W_O"].Data;   // [head, d_head, d_model]
            for (int h = 0; h < cfg.NHeads; h++)
            {
                parts.Add(HeadResult(z, wO, h, cfg.NHeads, cfg.DHead, cfg.DModel));
                labels.Add($"L{l}H{h}");
            }
        }
        if (inclRemainder)
        {
            if (last == 0)
            {
                throw new ArgumentException("stack_head_results with a remainder needs layer ≥ 1: before layer 0 there are no heads.", nameof(layer));
            }
            var total = cache["resid_post", last - 1];
            var remainder = (float[])total.Data.Clone();
            foreach (var part in parts)
            {
                for (int i = 0; i < remainder.Length; i++)
                {
                    remainder[i] -= part.Data[i];
                }
            }
            parts.Add(new Tensor(remainder, total.Shape));
            labels.Add("remainder");
        }
        if (parts.Count == 0)
        {
            var like = PosSliced(cache[HookNames.Embed], posSlice);
            return new ResidualStack(new Tensor([], [0, .. like.Shape]), labels);
        }
        var stack = StackAt(parts, posSlice);
        return new ResidualStack(applyLn ? cache.ApplyLnToStack(model, stack, last, false, posSlice) : stack, labels);
    }

    /// <summary>
    /// <c>apply_ln_to_stack</c>: treats each term of <paramref name="residualStack"/>
    /// [components, batch, (pos,) d_model] as the input of the normalisation that reads
    /// <paramref name="layer"/> (ln1, ln2 with <paramref name="mlpInput"/>; ln_final for null, -1 or
    /// n_layers) and applies its linear part at the cached scale: centred (LN, LNPre), divided by that
    /// norm's cached <c>hook_scale</c> (so the cache must hold it), and, where TransformerLens assumes
    /// the weights folded, times the norm's learned weight w (LN, RMS), so that on an unfolded model
    /// each term is its real share of the normalised input; the shift b is a constant of the norm
    /// and belongs to no term. With w = 1 (weights folded) this is TransformerLens's result. A model
    /// without normalisation gets the stack back unchanged. <paramref name="posSlice"/> is the slice
    /// already applied to the stack, applied here to the scale.
    /// </summary>
    public static Tensor ApplyLnToStack(this ActivationCache cache, HookedTransformer model, Tensor residualStack, int? layer = null, bool mlpInput = false, int? posSlice = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(residualStack);
        var cfg = model.Config;
        if (!cfg.UsesNormalization)
        {
            return residualStack;
        }
        int target = ResolveLayer(layer, cfg.NLayers);
        string prefix = target == cfg.NLayers ? "ln_final." : $"blocks.{target}.ln{(mlpInput ? 2 : 1)}.";
        string scaleName = prefix + "hook_scale";
        if (!cache.Contains(scaleName))
        {
            throw new KeyNotFoundException($"apply_ln_to_stack needs '{scaleName}' in the cache: run RunWithCache without a names filter, or with one that keeps it.");
        }
        var scale = PosSliced(cache[scaleName], posSlice).Data;   // [batch, (pos)]
        int d = cfg.DModel;
        int[] shape = residualStack.Shape;
        if (shape.Length < 3 || shape[^1] != d || shape[1..^1].Aggregate(1, (a, b) => a * b) != scale.Length)
        {
            throw new ArgumentException($"The stack {residualStack.ShapeString} must be [components, batch, (pos,) d_model = {d}] with the positions of '{scaleName}' after pos_slice {posSlice?.ToString() ?? "none"} ({scale.Length} rows).", nameof(residualStack));
        }
        float[]? weight = model.ParameterNames.Contains(prefix + "w") ? model[prefix + "w"].Data : null;
        bool centre = cfg.NormalizationType is "LN" or "LNPre";
        var src = residualStack.Data;
        var result = new float[src.Length];
        int rows = src.Length / d;
        for (int r = 0; r < rows; r++)
        {
            int o = r * d;
            double mean = 0;
            if (centre)
            {
                for (int i = 0; i < d; i++)
                {
                    mean += src[o + i];
                }
                mean /= d;
            }
            double s = scale[r % scale.Length];
            for (int i = 0; i < d; i++)
            {
                result[o + i] = (float)((src[o + i] - mean) / s * (weight is null ? 1.0 : weight[i]));
            }
        }
        return new Tensor(result, shape);
    }

    /// <summary>
    /// <c>logit_attrs</c>: each term's direct contribution to the logit of <paramref name="tokens"/>
    /// (minus that of <paramref name="incorrectTokens"/> when given): the stack through the final
    /// normalisation (<see cref="ApplyLnToStack"/>), dotted with W_U's token columns. Tokens are one
    /// per example (used at every position) or one per example and position; the result is
    /// [components, batch, (pos)].
    /// </summary>
    public static Tensor LogitAttrs(this ActivationCache cache, HookedTransformer model, Tensor residualStack, int[] tokens, int[]? incorrectTokens = null, int? posSlice = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(residualStack);
        ArgumentNullException.ThrowIfNull(tokens);
        if (incorrectTokens is not null && incorrectTokens.Length != tokens.Length)
        {
            throw new ArgumentException($"tokens and incorrect_tokens must have the same shape: {tokens.Length} and {incorrectTokens.Length} tokens.", nameof(incorrectTokens));
        }
        var cfg = model.Config;
        int d = cfg.DModel, vocab = cfg.OutputVocab;
        var scaled = cache.ApplyLnToStack(model, residualStack, null, false, posSlice);
        int[] shape = scaled.Shape;
        int components = shape[0], batch = shape[1];
        int rowsPerComponent = scaled.Size / d / Math.Max(1, components);
        if (tokens.Length != batch && tokens.Length != rowsPerComponent)
        {
            throw new ArgumentException($"Give one token per example ({batch}) or per example and position ({rowsPerComponent}); got {tokens.Length}.", nameof(tokens));
        }
        foreach (int t in incorrectTokens is null ? tokens : [.. tokens, .. incorrectTokens])
        {
            if (t < 0 || t >= vocab)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token {t} is outside the model's output vocabulary [0, {vocab}).");
            }
        }
        int perExample = rowsPerComponent / batch;
        var wU = model["unembed.W_U"].Data;   // [d_model, d_vocab_out]
        var src = scaled.Data;
        var result = new float[components * rowsPerComponent];
        for (int c = 0; c < components; c++)
        {
            for (int r = 0; r < rowsPerComponent; r++)
            {
                int k = tokens.Length == batch ? r / perExample : r;
                int t = tokens[k];
                int? w = incorrectTokens?[k];
                int o = (c * rowsPerComponent + r) * d;
                double dot = 0;
                for (int i = 0; i < d; i++)
                {
                    double direction = wU[i * vocab + t] - (w is null ? 0.0 : wU[i * vocab + w.Value]);
                    dot += src[o + i] * direction;
                }
                result[c * rowsPerComponent + r] = (float)dot;
            }
        }
        return new Tensor(result, shape[..^1]);
    }

    // TransformerLens's convention: null and -1 mean n_layers (the unembedding's input).
    private static int ResolveLayer(int? layer, int nLayers)
    {
        int l = layer is null or -1 ? nLayers : layer.Value;
        if (l < 0 || l > nLayers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), $"Layer {layer} is outside [0, {nLayers}] (n_layers, or null or -1, means the final residual stream).");
        }
        return l;
    }

    // Stacks [batch, pos, d_model] tensors along a new first axis, after the position slice.
    private static Tensor StackAt(List<Tensor> parts, int? posSlice)
    {
        var sliced = parts.Select(p => PosSliced(p, posSlice)).ToList();
        int size = sliced[0].Size;
        var data = new float[sliced.Count * size];
        for (int c = 0; c < sliced.Count; c++)
        {
            sliced[c].Data.CopyTo(data, c * size);
        }
        return new Tensor(data, [sliced.Count, .. sliced[0].Shape]);
    }

    // TransformerLens's integer pos_slice on a [batch, pos, last] tensor: keeps one position and drops the axis.
    private static Tensor PosSliced(Tensor t, int? posSlice)
    {
        if (posSlice is null)
        {
            return t;
        }
        int[] s = t.Shape;
        int batch = s[0], positions = s[1], width = t.Size / (batch * positions);
        int p = posSlice.Value < 0 ? posSlice.Value + positions : posSlice.Value;
        if (p < 0 || p >= positions)
        {
            throw new ArgumentOutOfRangeException(nameof(posSlice), $"pos_slice {posSlice} is outside the {positions} positions.");
        }
        var data = new float[batch * width];
        for (int b = 0; b < batch; b++)
        {
            Array.Copy(t.Data, (b * positions + p) * width, data, b * width, width);
        }
        return new Tensor(data, [batch, .. s[2..]]);
    }

    // z_h · W_O[h]: [batch, pos, head, d_head] × [d_head, d_model] → [batch, pos, d_model].
    private static Tensor HeadResult(Tensor z, float[] wO, int h, int heads, int dHead, int dModel)
    {
        int rows = z.Size / (heads * dHead);
        var zd = z.Data;
        var result = new float[rows * dModel];
        var acc = new double[dModel];
        for (int r = 0; r < rows; r++)
        {
            Array.Clear(acc);
            int zo = (r * heads + h) * dHead;
            for (int k = 0; k < dHead; k++)
            {
                double zk = zd[zo + k];
                int wo = (h * dHead + k) * dModel;
                for (int i = 0; i < dModel; i++)
                {
                    acc[i] += zk * wO[wo + i];
                }
            }
            for (int i = 0; i < dModel; i++)
            {
                result[r * dModel + i] = (float)acc[i];
            }
        }
        return new Tensor(result, [.. z.Shape[..2], dModel]);
    }
}
