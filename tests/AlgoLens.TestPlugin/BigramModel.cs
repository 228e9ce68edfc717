using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.TestPlugin;

/// <summary>A plugin model kind: each position's logits are a learned row of its own token (a bigram table).</summary>
public sealed class BigramModel : ModelBase
{
    /// <summary>The kind's registry name.</summary>
    public const string KindName = "test-bigram";

    private readonly Tensor table;
    private readonly HookPoint hookLogits;

    /// <summary>A freshly initialised model.</summary>
    public BigramModel(BigramConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        table = Parameters.Add(new ParameterSpec("W", [config.DVocab, config.DVocabOut], ParameterRole.Weight, ParameterInit.Normal(0.1f)));
        hookLogits = Hooks.Add("hook_logits", "[batch, pos, d_vocab_out]");
        Parameters.Initialise(new Rng((ulong)config.Seed));
    }

    /// <summary>How the registry lists and builds the kind.</summary>
    public static ModelKind Definition { get; } = new(
        KindName, "a bigram table: each position's logits from its own token",
        (json, source) => BigramConfig.FromJson(json, source), config => new BigramModel((BigramConfig)config));

    /// <summary>The config.</summary>
    public BigramConfig Config { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override IModelConfig ModelConfig => Config;

    /// <inheritdoc/>
    protected override Tensor Run(ModelInput input, HookRunner hooks, int[]? outputPositions)
    {
        var tokens = input.RequireTokens("A test-bigram model");
        var logits = hooks.Apply(hookLogits, Ops.Embedding(table, tokens.Ids, tokens.Batch, tokens.Positions)); // [batch, pos, d_vocab_out]
        return outputPositions is null ? logits : Ops.IndexSelect(logits, 1, outputPositions);
    }

    /// <inheritdoc/>
    protected override void CheckInput(ModelInput input)
    {
        var tokens = input.RequireTokens("A test-bigram model");
        if (tokens.Ids.Any(id => id < 0 || id >= Config.DVocab))
        {
            throw new ArgumentException($"A token id is outside the test-bigram model's vocabulary of {Config.DVocab}.");
        }
    }
}
