namespace AlgoLens.Analysis.Dictionary;

/// <summary>What every dictionary method is given; a method's own settings live on its class.</summary>
public sealed record DictionaryOptions
{
    /// <summary>Number of atoms k.</summary>
    public int Components { get; init; } = 8;

    /// <summary>Seed of every random choice (initialisation, shuffles, resampling).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Iteration cap (epochs for the autoencoder); null: the method's default.</summary>
    public int? MaxIterations { get; init; }
}
