namespace AlgoLens.Models.Components;

/// <summary>
/// How a transformer's parameters start and which biases train, from its config
/// (<see cref="HookedTransformerConfig.InitScheme"/>, <see cref="HookedTransformerConfig.TrainableBiases"/>).
/// </summary>
internal sealed class TransformerInit(HookedTransformerConfig config)
{
    private bool Grokking => config.InitScheme == "grokking";

    /// <summary>
    /// Every weight matrix but W_U: "transformer_lens" normal(0, 0.8/sqrt(d_model)), TransformerLens's
    /// init for small models; "grokking" randn/sqrt(d_model), as the grokking paper's code.
    /// </summary>
    public ParameterInit Matrix => ParameterInit.Normal(Grokking ? 1f / MathF.Sqrt(config.DModel) : 0.8f / MathF.Sqrt(config.DModel));

    /// <summary>W_U: as <see cref="Matrix"/>, except randn/sqrt(d_vocab) in the grokking scheme.</summary>
    public ParameterInit Unembed => ParameterInit.Normal(Grokking ? 1f / MathF.Sqrt(config.DVocab) : 0.8f / MathF.Sqrt(config.DModel));

    /// <summary>Whether a bias trains: "all", only the MLP's ("mlp", the grokking paper's code) or none.</summary>
    public bool BiasTrains(bool inMlp) => config.TrainableBiases switch
    {
        "all" => true,
        "mlp" => inMlp,
        _ => false,
    };
}
