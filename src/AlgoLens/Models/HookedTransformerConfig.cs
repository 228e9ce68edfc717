using System.Text.Json;
using System.Text.Json.Serialization;
using AlgoLens.Common;

namespace AlgoLens.Models;

/// <summary>
/// A transformer's shape and settings, with TransformerLens's HookedTransformerConfig field names
/// (snake_case in JSON), so that a config written for TransformerLens reads here unchanged.
/// </summary>
public sealed record HookedTransformerConfig : IModelConfig
{
    /// <inheritdoc/>
    [JsonIgnore]
    public string Kind => HookedTransformer.KindName;

    /// <summary>Number of transformer blocks.</summary>
    public int NLayers { get; init; } = 1;

    /// <summary>Width of the residual stream.</summary>
    public int DModel { get; init; } = 128;

    /// <summary>Attention heads per block.</summary>
    public int NHeads { get; init; } = 4;

    /// <summary>Width of each head's queries, keys and values.</summary>
    public int DHead { get; init; } = 32;

    /// <summary>Hidden width of each MLP (unused when <see cref="AttnOnly"/>).</summary>
    public int DMlp { get; init; } = 512;

    /// <summary>Number of input tokens.</summary>
    public int DVocab { get; init; } = 114;

    /// <summary>Number of output classes; -1 means the same as <see cref="DVocab"/> (TransformerLens's default).</summary>
    public int DVocabOut { get; init; } = -1;

    /// <summary>Context length: the number of positions.</summary>
    public int NCtx { get; init; } = 3;

    /// <summary>
    /// MLP activation: relu, gelu (exact, erf), gelu_new (tanh approximation) or silu. Attention-only
    /// models have no MLP and may leave it null or "none" (TransformerLens writes null).
    /// </summary>
    public string? ActFn { get; init; } = "relu";

    /// <summary>
    /// Normalisation before attention, MLP and unembedding: "none" (or null), "LN" (LayerNorm with
    /// learned w and b), "LNPre" (LayerNorm without w and b, TransformerLens's LayerNormPre), "RMS"
    /// (RMSNorm, x / sqrt(mean(x²) + eps) · w) or "RMSPre" (RMSNorm without w).
    /// </summary>
    public string? NormalizationType { get; init; } = "none";

    /// <summary>"causal" (each query sees keys at its own position and before) or "bidirectional" (every key).</summary>
    [OmitAtDefault]
    public string AttentionDir { get; init; } = "causal";

    /// <summary>
    /// Zhong et al.'s attention rate α ("The Clock and the Pizza"): the pattern is
    /// α·softmax(scores) + (1 - α)·uniform over the keys the query may see. 1 is ordinary attention;
    /// 0 is constant (uniform) attention, their "model B".
    /// </summary>
    [OmitAtDefault]
    public float AttentionRate { get; init; } = 1f;

    /// <summary>
    /// Width of real-valued input per position (e.g. in-context regression), read through a linear
    /// embedding <c>embed.W_E</c> [d_input, d_model]; 0 (the default) for token input.
    /// </summary>
    [OmitAtDefault]
    public int DInput { get; init; }

    /// <summary>
    /// TransformerLens's <c>use_attn_result</c>: hooked and cached runs form each head's output
    /// <c>blocks.L.attn.hook_result</c> [batch, pos, head, d_model] (z_h·W_O[h]; the attention's output
    /// is their sum over heads plus b_O). Off by default; not written to config.json while off.
    /// Switch it on a live model with <see cref="HookedTransformer.SetUseAttnResult"/>.
    /// </summary>
    [OmitAtDefault]
    public bool UseAttnResult { get; init; }

    /// <summary>
    /// TransformerLens's <c>use_split_qkv_input</c>: hooked and cached runs copy the residual once per
    /// head for each of q, k and v (<c>blocks.L.hook_q_input|hook_k_input|hook_v_input</c>
    /// [batch, pos, head, d_model]) before ln1, so that a patch of one head's input changes only that
    /// head. ln1's hooks then carry a head axis. Off by default; not written while off.
    /// </summary>
    [OmitAtDefault]
    public bool UseSplitQkvInput { get; init; }

    /// <summary>
    /// TransformerLens's <c>use_attn_in</c>: hooked and cached runs copy the residual once per head
    /// (<c>blocks.L.hook_attn_in</c> [batch, pos, head, d_model]) as the input of q, k and v alike.
    /// Off by default; not written while off.
    /// </summary>
    [OmitAtDefault]
    public bool UseAttnIn { get; init; }

    /// <summary>
    /// TransformerLens's <c>use_hook_mlp_in</c>: <c>blocks.L.hook_mlp_in</c> [batch, pos, d_model], the
    /// MLP's input before ln2 (blocks with an MLP only). Off by default; not written while off.
    /// </summary>
    [OmitAtDefault]
    public bool UseHookMlpIn { get; init; }

    /// <summary>
    /// TransformerLens's <c>use_hook_tokens</c>: <c>hook_tokens</c> [batch, pos], the input token ids as
    /// floats (exact below 2^24), before the embedding; a hook may replace ids with other integer ids
    /// of the vocabulary. Token input only. Off by default; not written while off.
    /// </summary>
    [OmitAtDefault]
    public bool UseHookTokens { get; init; }

    /// <summary>Blocks without MLPs.</summary>
    public bool AttnOnly { get; init; }

    /// <summary>LayerNorm epsilon.</summary>
    public float Eps { get; init; } = 1e-5f;

    /// <summary>Seed for parameter initialisation.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// "transformer_lens": weights ~ normal(0, 0.8/sqrt(d_model)); "grokking": as the grokking paper's
    /// code, every matrix randn/sqrt(d_model) and W_U randn/sqrt(d_vocab). Biases start at zero and
    /// LayerNorm weights at one in both.
    /// </summary>
    public string InitScheme { get; init; } = "transformer_lens";

    /// <summary>Which biases train: "all", "mlp" (only b_in and b_out, as the grokking paper's code), or "none" (all frozen at zero, as TransformerLens's grokking demo).</summary>
    public string TrainableBiases { get; init; } = "all";

    /// <summary>The act_fn values an MLP accepts (attention-only models may also leave it null or "none").</summary>
    public static IReadOnlyList<string> ActivationFunctions => Components.ActivationNames.All;

    /// <summary>The normalization_type values accepted ("none" may also be written null).</summary>
    public static IReadOnlyList<string> NormalizationTypes { get; } = ["none", "LN", "LNPre", "RMS", "RMSPre"];

    /// <summary>The init_scheme values accepted.</summary>
    public static IReadOnlyList<string> InitSchemes { get; } = ["transformer_lens", "grokking"];

    /// <summary>The trainable_biases values accepted.</summary>
    public static IReadOnlyList<string> TrainableBiasesChoices { get; } = ["all", "mlp", "none"];

    /// <summary>Output width, resolving -1.</summary>
    [JsonIgnore]
    public int OutputVocab => DVocabOut <= 0 ? DVocab : DVocabOut;

    /// <summary>True when blocks normalise with LayerNorm with learned w and b ("LN"; not LNPre, RMS or RMSPre).</summary>
    [JsonIgnore]
    public bool UsesLayerNorm => NormalizationType is "LN";

    /// <summary>True when blocks normalise at all (any normalization_type but "none" or null).</summary>
    [JsonIgnore]
    public bool UsesNormalization => NormalizationType is not (null or "none");

    /// <summary>True for causal attention (<see cref="AttentionDir"/>).</summary>
    [JsonIgnore]
    public bool IsCausal => AttentionDir == "causal";

    /// <summary>True when the model reads real-valued input (<see cref="DInput"/> &gt; 0).</summary>
    [JsonIgnore]
    public bool ReadsValues => DInput > 0;

    /// <inheritdoc/>
    public IModelConfig WithTaskShape(TaskShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        // Real-valued input goes through the linear embedding (d_input); d_vocab is then unused and
        // kept. Real-valued targets are read from the unembedding's d_vocab_out outputs as values
        // (the unembedding is linear either way), so only the width matters.
        return shape.InputWidth > 0
            ? this with { DInput = shape.InputWidth, DVocabOut = shape.OutputWidth, NCtx = shape.SequenceLength, Seed = seed }
            : this with { DInput = 0, DVocab = shape.InputVocabulary, DVocabOut = shape.OutputWidth, NCtx = shape.SequenceLength, Seed = seed };
    }

    /// <summary>Serialises to JSON with TransformerLens's field names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonFiles.Options);

    /// <inheritdoc/>
    public long ParameterCount()
    {
        long d = DModel;
        long norm = NormalizationType switch { "LN" => 2 * d, "RMS" => d, _ => 0 };
        long attention = 4L * NHeads * d * DHead + 3L * NHeads * DHead + d;
        long mlp = AttnOnly ? 0 : norm + d * DMlp + DMlp + (long)DMlp * d + d;
        long embed = (ReadsValues ? DInput : DVocab) * d + (long)NCtx * d;
        return embed + NLayers * (norm + attention + mlp) + norm + d * OutputVocab + OutputVocab;
    }

    /// <summary>
    /// With L = n_ctx, D = d_model, W = n_heads·d_head, H = n_heads, M = d_mlp (0 when
    /// attention-only), V = d_vocab_out: n_layers·L·(8D + 5W + 3H·L + 3M) + L·(4D + 2V): the residual
    /// stream and its normalised copies, q, k, v, z and the output, scores, pattern and mask, the
    /// MLP's pre- and post-activation and its nonlinearity's intermediate, the embeddings, the logits
    /// and their log-softmax.
    /// </summary>
    public long ActivationFloatsPerExample()
    {
        long l = NCtx, d = DModel, w = (long)NHeads * DHead, h = NHeads, m = AttnOnly ? 0 : DMlp;
        long perLayer = SaturatingSize.Product(l, 8 * d + 5 * w + 3 * h * l + 3 * m);
        return SaturatingSize.Sum(SaturatingSize.Product(NLayers, perLayer), l * (4 * d + 2L * OutputVocab));
    }

    /// <summary>
    /// Parses and validates a JSON config. TransformerLens's other fields (as its <c>cfg.to_dict()</c>
    /// writes them) are accepted where AlgoLens computes the same and refused, naming the field,
    /// where it would not (<see cref="TransformerLensFields"/>); any other field is refused with the
    /// closest known name.
    /// </summary>
    public static HookedTransformerConfig FromJson(string json, string source = "model config")
    {
        return ModelConfigJson.Read<HookedTransformerConfig>(json, source, "n_layers, d_model, n_heads, d_head, d_mlp, d_vocab, d_vocab_out, n_ctx, act_fn, normalization_type, attn_only, eps, seed, init_scheme, trainable_biases, attention_dir, attention_rate, d_input, use_attn_result, use_split_qkv_input, use_attn_in, use_hook_mlp_in, use_hook_tokens",
            TransformerLensFields.Apply, TransformerLensFields.Names);
    }

    /// <summary>Throws a <see cref="ModelConfigException"/> listing every problem and how to fix it.</summary>
    public void Validate(string source = "model config")
    {
        var problems = new ConfigProblems();
        problems.Positive("n_layers", NLayers);
        problems.Positive("d_model", DModel);
        problems.Positive("n_heads", NHeads);
        problems.Positive("d_head", DHead);
        problems.Positive("d_vocab", DVocab);
        problems.Positive("n_ctx", NCtx);
        if (!AttnOnly)
        {
            problems.Positive("d_mlp", DMlp);
        }
        if (DVocabOut == 0 || DVocabOut < -1)
        {
            problems.Add($"d_vocab_out is {DVocabOut}; use a positive number of classes, or -1 for d_vocab.");
        }
        if (ActFn is null or "none")
        {
            if (!AttnOnly)
            {
                problems.Add($"act_fn is {(ActFn is null ? "null" : "\"none\"")} but the blocks have MLPs; set act_fn to {Either(ActivationFunctions)}, or set attn_only to true.");
            }
        }
        else if (!ActivationFunctions.Contains(ActFn, StringComparer.Ordinal))
        {
            problems.Add($"act_fn '{ActFn}' is not supported; use {Either(ActivationFunctions)}{(AttnOnly ? " (or null for an attention-only model)" : "")}.");
        }
        if (NormalizationType is not null && !NormalizationTypes.Contains(NormalizationType, StringComparer.Ordinal))
        {
            problems.Add($"normalization_type '{NormalizationType}' is not supported; use \"none\" (or null), {Either(NormalizationTypes.Skip(1).Select(t => $"\"{t}\""))}.");
        }
        if (AttentionDir is not ("causal" or "bidirectional"))
        {
            problems.Add($"attention_dir '{AttentionDir}' is not supported; use causal or bidirectional.");
        }
        if (!(AttentionRate >= 0 && AttentionRate <= 1))
        {
            problems.Add($"attention_rate is {AttentionRate}; it must be between 0 (uniform attention) and 1 (ordinary attention).");
        }
        if (DInput < 0)
        {
            problems.Add($"d_input is {DInput}; use 0 for token input or the number of real values per position.");
        }
        if (DInput > 0 && DVocabOut == -1)
        {
            problems.Add("d_vocab_out is -1 (the same as d_vocab) but the model reads real-valued input (d_input > 0), where d_vocab means nothing; give d_vocab_out, the output width, explicitly.");
        }
        if (!(Eps > 0) || float.IsInfinity(Eps))
        {
            problems.Add($"eps is {Eps}; it must be a small positive number such as 1e-5.");
        }
        if (!InitSchemes.Contains(InitScheme, StringComparer.Ordinal))
        {
            problems.Add($"init_scheme '{InitScheme}' is not supported; use {Either(InitSchemes)}.");
        }
        if (!TrainableBiasesChoices.Contains(TrainableBiases, StringComparer.Ordinal))
        {
            problems.Add($"trainable_biases '{TrainableBiases}' is not supported; use {Either(TrainableBiasesChoices)}.");
        }
        if ((long)NLayers * DModel * Math.Max(DModel, Math.Max(DMlp, NHeads * DHead)) > 4_000_000_000L)
        {
            problems.Add("the model is far too large for this tool (billions of parameters); AlgoLens is for tiny models.");
        }
        problems.ThrowIfAny(source);
    }

    /// <summary>"a, b or c": the values a message offers.</summary>
    private static string Either(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count < 2 ? string.Concat(list) : $"{string.Join(", ", list.SkipLast(1))} or {list[^1]}";
    }
}
