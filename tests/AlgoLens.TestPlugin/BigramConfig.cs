using System.Text.Json;
using System.Text.Json.Serialization;
using AlgoLens.Models;

namespace AlgoLens.TestPlugin;

/// <summary>The config of the plugin model kind <see cref="BigramModel"/>: one table of logits per input token.</summary>
public sealed record BigramConfig : IModelConfig
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <inheritdoc/>
    [JsonIgnore]
    public string Kind => BigramModel.KindName;

    /// <inheritdoc/>
    public int Seed { get; init; }

    /// <summary>Input tokens.</summary>
    public int DVocab { get; init; } = 4;

    /// <summary>Output classes.</summary>
    public int DVocabOut { get; init; } = 4;

    /// <summary>Positions.</summary>
    public int NCtx { get; init; } = 6;

    /// <summary>Reads a config; unknown fields are refused by the kind's own rules (none here).</summary>
    public static BigramConfig FromJson(string json, string source)
    {
        var config = JsonSerializer.Deserialize<BigramConfig>(json, Json) ?? throw new ModelConfigException($"{source}: empty config.");
        config.Validate(source);
        return config;
    }

    /// <inheritdoc/>
    public void Validate(string source = "model config")
    {
        if (DVocab < 1 || DVocabOut < 1 || NCtx < 1)
        {
            throw new ModelConfigException($"{source}: d_vocab, d_vocab_out and n_ctx must be at least 1.");
        }
    }

    /// <inheritdoc/>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <inheritdoc/>
    public long ParameterCount() => (long)DVocab * DVocabOut;

    /// <summary>The logits and their log-softmax at every position, plus a marker factor the tests look for (1000).</summary>
    public long ActivationFloatsPerExample() => 1000L * NCtx * 2 * DVocabOut;

    /// <inheritdoc/>
    public IModelConfig WithTaskShape(TaskShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.InputVocabulary == 0
            ? throw new ModelConfigException("A test-bigram model reads tokens, not real-valued input.")
            : this with { DVocab = shape.InputVocabulary, DVocabOut = shape.OutputWidth, NCtx = shape.SequenceLength, Seed = seed };
    }
}
