namespace AlgoLens.Models;

/// <summary>
/// A model kind with its own configuration type: checks the config before any parameter is made,
/// keeps it as <see cref="Config"/>, and answers <see cref="ModelBase.Kind"/> and
/// <see cref="ModelBase.ModelConfig"/> from it, so a kind writes none of that again.
/// </summary>
/// <typeparam name="TConfig">The kind's configuration.</typeparam>
public abstract class ConfiguredModel<TConfig> : ModelBase
    where TConfig : class, IModelConfig
{
    /// <summary>Validates <paramref name="config"/> (a <see cref="ModelConfigException"/> names every
    /// problem) and keeps it.</summary>
    protected ConfiguredModel(TConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
    }

    /// <summary>The model's configuration. A kind may replace it with one that differs only in
    /// run-time switches (TransformerLens's hook flags), never in shape.</summary>
    public TConfig Config { get; protected set; }

    /// <inheritdoc/>
    public override string Kind => Config.Kind;

    /// <inheritdoc/>
    public override IModelConfig ModelConfig => Config;
}
