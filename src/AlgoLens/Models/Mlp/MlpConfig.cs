using System.Text.Json;
using System.Text.Json.Serialization;
using AlgoLens.Common;

namespace AlgoLens.Models.Mlp;

/// <summary>
/// The shape of an <c>mlp</c> model (<see cref="HookedMlp"/>): per-position token embeddings,
/// combined by concatenation or sum, <c>n_layers</c> hidden layers, an unembedding. JSON names are
/// snake_case, TransformerLens's where it has them (d_vocab, d_vocab_out, n_ctx, act_fn, seed).
/// </summary>
public sealed record MlpConfig : IModelConfig
{
    /// <inheritdoc/>
    [JsonIgnore]
    public string Kind => HookedMlp.KindName;

    /// <summary>Number of input positions; each has its own embedding matrix, and the model reads exactly this many tokens.</summary>
    public int NCtx { get; init; } = 3;

    /// <summary>Number of input tokens.</summary>
    public int DVocab { get; init; } = 114;

    /// <summary>Number of output classes; -1 means the same as <see cref="DVocab"/>.</summary>
    public int DVocabOut { get; init; } = -1;

    /// <summary>Width of each position's embedding.</summary>
    public int DEmbed { get; init; } = 64;

    /// <summary>"concat": the embeddings side by side (width n_ctx·d_embed); "sum": added (width d_embed).</summary>
    public string Combine { get; init; } = "concat";

    /// <summary>Number of hidden layers (0: the unembedding reads the combined embedding).</summary>
    public int NLayers { get; init; } = 1;

    /// <summary>Hidden widths: one number for every layer (JSON <c>128</c>) or one per layer (JSON <c>[128, 64]</c>).</summary>
    [JsonConverter(typeof(HiddenWidthsJsonConverter))]
    public int[] DHidden { get; init; } = [128];

    /// <summary>Hidden activation: relu, gelu (exact, erf) or gelu_new (tanh approximation).</summary>
    public string ActFn { get; init; } = "relu";

    /// <summary>
    /// "torch" (PyTorch's defaults: W_E ~ normal(0, 1) as nn.Embedding; every W and b, W_U and b_U
    /// included, ~ uniform(±1/sqrt(fan_in)) as nn.Linear) or "transformer_lens" (every weight
    /// ~ normal(0, 0.8/sqrt(fan_in)), W_E's fan_in taken as d_embed; biases zero).
    /// </summary>
    public string InitScheme { get; init; } = "torch";

    /// <summary>Whether the biases (layers.{l}.b, unembed.b_U) train; when false they stay at zero.</summary>
    public bool TrainableBiases { get; init; } = true;

    /// <summary>Seed for parameter initialisation.</summary>
    public int Seed { get; init; }

    /// <summary>Output width, resolving -1.</summary>
    [JsonIgnore]
    public int OutputVocab => DVocabOut <= 0 ? DVocab : DVocabOut;

    /// <summary>Width of the combined embedding: n_ctx·d_embed for concat, d_embed for sum.</summary>
    [JsonIgnore]
    public int CombinedWidth => Combine == "sum" ? DEmbed : NCtx * DEmbed;

    /// <summary>The width of each hidden layer, <see cref="DHidden"/> resolved against <see cref="NLayers"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> HiddenWidths => DHidden.Length == 1 ? Enumerable.Repeat(DHidden[0], NLayers).ToArray() : DHidden;

    /// <inheritdoc/>
    public IModelConfig WithTaskShape(TaskShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.InputWidth > 0)
        {
            throw new ModelConfigException($"This task gives real-valued input ({shape.InputWidth} values per position); the mlp kind reads token ids. Use a task with token input.");
        }
        if (shape.RealOutputs)
        {
            throw new ModelConfigException("This task has real-valued targets; the mlp kind predicts classes. Use a task with class targets.");
        }
        return this with { DVocab = shape.InputVocabulary, DVocabOut = shape.OutputWidth, NCtx = shape.SequenceLength, Seed = seed };
    }

    /// <summary>Serialises to JSON (snake_case).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonFiles.Options);

    /// <summary>Parses and validates a JSON config; unknown fields are refused.</summary>
    public static MlpConfig FromJson(string json, string source = "model config")
    {
        return ModelConfigJson.Read<MlpConfig>(json, source, "n_ctx, d_vocab, d_vocab_out, d_embed, combine, n_layers, d_hidden, act_fn, init_scheme, trainable_biases, seed");
    }

    /// <summary>Throws a <see cref="ModelConfigException"/> listing every problem and how to fix it.</summary>
    public void Validate(string source = "model config")
    {
        var problems = new ConfigProblems();
        problems.Positive("n_ctx", NCtx);
        problems.Positive("d_vocab", DVocab);
        problems.Positive("d_embed", DEmbed);
        if (DVocabOut == 0 || DVocabOut < -1)
        {
            problems.Add($"d_vocab_out is {DVocabOut}; use a positive number of classes, or -1 for d_vocab.");
        }
        if (NLayers < 0)
        {
            problems.Add($"n_layers is {NLayers}; it must be 0 or more.");
        }
        if (DHidden is null || DHidden.Length == 0)
        {
            problems.Add("d_hidden is empty; give one width (e.g. 128) or one per layer (e.g. [128, 64]).");
        }
        else
        {
            if (DHidden.Length != 1 && DHidden.Length != NLayers)
            {
                problems.Add($"d_hidden lists {DHidden.Length} widths but n_layers is {NLayers}; give one width per layer, or a single width for every layer.");
            }
            if (NLayers > 0 && DHidden.Any(w => w < 1))
            {
                problems.Add($"d_hidden [{string.Join(", ", DHidden)}] has a width below 1; every hidden width must be at least 1.");
            }
        }
        if (Combine is not ("concat" or "sum"))
        {
            problems.Add($"combine '{Combine}' is not supported; use concat or sum.");
        }
        if (ActFn is not ("relu" or "gelu" or "gelu_new"))
        {
            problems.Add($"act_fn '{ActFn}' is not supported; use relu, gelu or gelu_new.");
        }
        if (InitScheme is not ("torch" or "transformer_lens"))
        {
            problems.Add($"init_scheme '{InitScheme}' is not supported; use torch or transformer_lens.");
        }
        if (problems.IsEmpty && ParameterCount() > 2_000_000_000L)
        {
            problems.Add("the model is far too large for this tool (billions of parameters); AlgoLens is for tiny models.");
        }
        problems.ThrowIfAny(source);
    }

    /// <inheritdoc/>
    public bool Equals(MlpConfig? other) =>
        other is not null && NCtx == other.NCtx && DVocab == other.DVocab && DVocabOut == other.DVocabOut && DEmbed == other.DEmbed
        && Combine == other.Combine && NLayers == other.NLayers && DHidden.AsSpan().SequenceEqual(other.DHidden) && ActFn == other.ActFn
        && InitScheme == other.InitScheme && TrainableBiases == other.TrainableBiases && Seed == other.Seed;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(NCtx, DVocab, DEmbed, Combine, NLayers, DHidden.Length, ActFn, Seed);

    /// <inheritdoc/>
    public long ParameterCount()
    {
        long count = (long)NCtx * DVocab * DEmbed;
        long width = CombinedWidth;
        if (DHidden.Length == 1 && NLayers > 1)
        {
            // One width for every layer, counted without listing the layers: a bad config may claim
            // a billion of them (found by fuzzing: listing them allocated gigabytes). Saturates
            // instead of wrapping, so the size check in Validate still sees "too large".
            double h = DHidden[0];
            double total = count + (width + 1) * h + (NLayers - 1.0) * (h + 1) * h + (h + 1) * OutputVocab;
            return total >= long.MaxValue ? long.MaxValue : (long)total;
        }
        foreach (int hidden in HiddenWidths)
        {
            count += (width + 1) * hidden;
            width = hidden;
        }
        return count + (width + 1) * OutputVocab;
    }

    /// <summary>2·n_ctx·d_embed + 3·Σ d_hidden + 2·d_vocab_out: the embeddings and their combination, each hidden layer's pre- and post-activation and its nonlinearity's intermediate, the logits and their log-softmax.</summary>
    public long ActivationFloatsPerExample()
    {
        long hidden = DHidden.Sum(x => (long)x);
        return (long)NCtx * DEmbed * 2 + 3 * hidden + 2L * (DVocabOut <= 0 ? DVocab : DVocabOut);
    }
}
