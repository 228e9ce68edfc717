using System.Text.Json;
using System.Text.Json.Serialization;

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

    /// <summary>MLP activation: relu, gelu (exact, erf) or gelu_new (tanh approximation).</summary>
    public string ActFn { get; init; } = "relu";

    /// <summary>"none" (or null in TransformerLens) for no normalisation, "LN" for LayerNorm before attention, MLP and unembedding.</summary>
    public string? NormalizationType { get; init; } = "none";

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

    /// <summary>Output width, resolving -1.</summary>
    [JsonIgnore]
    public int OutputVocab => DVocabOut <= 0 ? DVocab : DVocabOut;

    /// <summary>True when blocks normalise with LayerNorm.</summary>
    [JsonIgnore]
    public bool UsesLayerNorm => NormalizationType is "LN";

    /// <summary>The JSON options used for configs: snake_case names, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <inheritdoc/>
    public IModelConfig WithTaskShape(TaskShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.InputWidth > 0)
        {
            throw new ModelConfigException($"This task gives real-valued input ({shape.InputWidth} values per position); the transformer reads token ids. Use a task with token input.");
        }
        if (shape.RealOutputs)
        {
            throw new ModelConfigException($"This task has real-valued targets; the transformer predicts classes. Use a task with class targets.");
        }
        return this with { DVocab = shape.InputVocabulary, DVocabOut = shape.OutputWidth, NCtx = shape.SequenceLength, Seed = seed };
    }

    /// <summary>Serialises to JSON with TransformerLens's field names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses and validates a JSON config; unknown fields are reported, not ignored silently.</summary>
    public static HookedTransformerConfig FromJson(string json, string source = "model config")
    {
        HookedTransformerConfig? config;
        try
        {
            var options = new JsonSerializerOptions(JsonOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
            config = JsonSerializer.Deserialize<HookedTransformerConfig>(json, options);
        }
        catch (JsonException e)
        {
            throw new ModelConfigException($"{source}: cannot read the config ({e.Message}). Fields use TransformerLens's names: n_layers, d_model, n_heads, d_head, d_mlp, d_vocab, d_vocab_out, n_ctx, act_fn, normalization_type, attn_only, eps, seed, init_scheme, trainable_biases.", e);
        }
        if (config is null)
        {
            throw new ModelConfigException($"{source}: the config is empty (null).");
        }
        config.Validate(source);
        return config;
    }

    /// <summary>Throws a <see cref="ModelConfigException"/> listing every problem and how to fix it.</summary>
    public void Validate(string source = "model config")
    {
        var problems = new List<string>();
        void Positive(string field, int value)
        {
            if (value < 1)
            {
                problems.Add($"{field} is {value}; it must be at least 1.");
            }
        }
        Positive("n_layers", NLayers);
        Positive("d_model", DModel);
        Positive("n_heads", NHeads);
        Positive("d_head", DHead);
        Positive("d_vocab", DVocab);
        Positive("n_ctx", NCtx);
        if (!AttnOnly)
        {
            Positive("d_mlp", DMlp);
        }
        if (DVocabOut == 0 || DVocabOut < -1)
        {
            problems.Add($"d_vocab_out is {DVocabOut}; use a positive number of classes, or -1 for d_vocab.");
        }
        if (ActFn is not ("relu" or "gelu" or "gelu_new"))
        {
            problems.Add($"act_fn '{ActFn}' is not supported; use relu, gelu or gelu_new.");
        }
        if (NormalizationType is not (null or "none" or "LN"))
        {
            problems.Add($"normalization_type '{NormalizationType}' is not supported; use \"none\" (or null) or \"LN\".");
        }
        if (!(Eps > 0) || float.IsInfinity(Eps))
        {
            problems.Add($"eps is {Eps}; it must be a small positive number such as 1e-5.");
        }
        if (InitScheme is not ("transformer_lens" or "grokking"))
        {
            problems.Add($"init_scheme '{InitScheme}' is not supported; use transformer_lens or grokking.");
        }
        if (TrainableBiases is not ("all" or "mlp" or "none"))
        {
            problems.Add($"trainable_biases '{TrainableBiases}' is not supported; use all, mlp or none.");
        }
        if ((long)NLayers * DModel * Math.Max(DModel, Math.Max(DMlp, NHeads * DHead)) > 4_000_000_000L)
        {
            problems.Add("the model is far too large for this tool (billions of parameters); AlgoLens is for tiny models.");
        }
        if (problems.Count > 0)
        {
            throw new ModelConfigException($"{source} cannot work:\n- " + string.Join("\n- ", problems));
        }
    }
}
