namespace AlgoLens.Models.Mlp;

/// <summary>How an mlp model's parameters start, from <see cref="MlpConfig.InitScheme"/> and <see cref="MlpConfig.TrainableBiases"/>.</summary>
internal sealed class MlpInit(MlpConfig config)
{
    private bool Torch => config.InitScheme == "torch";

    /// <summary>W_E: normal(0, 1) as nn.Embedding ("torch"), or normal(0, 0.8/sqrt(d_embed)) ("transformer_lens").</summary>
    public ParameterInit Embedding => ParameterInit.Normal(Torch ? 1f : 0.8f / MathF.Sqrt(config.DEmbed));

    /// <summary>A [fan_in, fan_out] weight: uniform(±1/sqrt(fan_in)) as nn.Linear ("torch"), or normal(0, 0.8/sqrt(fan_in)).</summary>
    public ParameterInit Weight(int fanIn) =>
        Torch ? new ParameterInit.UniformInit(1f / MathF.Sqrt(fanIn)) : ParameterInit.Normal(0.8f / MathF.Sqrt(fanIn));

    /// <summary>A bias: uniform(±1/sqrt(fan_in)) as nn.Linear ("torch", when biases train), zero otherwise.</summary>
    public ParameterInit Bias(int fanIn) =>
        Torch && config.TrainableBiases ? new ParameterInit.UniformInit(1f / MathF.Sqrt(fanIn)) : ParameterInit.Zeros;

    /// <summary>Whether biases train.</summary>
    public bool BiasTrains => config.TrainableBiases;
}
