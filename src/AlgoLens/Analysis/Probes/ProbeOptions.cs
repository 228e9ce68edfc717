namespace AlgoLens.Analysis.Probes;

/// <summary>How <see cref="Probe"/> splits the examples, chooses the weight decay and builds its control task.</summary>
public sealed record ProbeOptions
{
    /// <summary>The fraction of examples held out as the test set.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>The fraction of the train split held out to choose the weight decay (then refitted on the whole train split).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Seed of the split, the validation split and the control task's shuffle.</summary>
    public ulong Seed { get; init; }

    /// <summary>The weight decays tried; the one with the lowest validation loss wins (the larger on a tie).</summary>
    public IReadOnlyList<double> Decays { get; init; } = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];

    /// <summary>The fewest examples a probe accepts (the split needs some on each side).</summary>
    public int MinimumExamples { get; init; } = 10;
}
