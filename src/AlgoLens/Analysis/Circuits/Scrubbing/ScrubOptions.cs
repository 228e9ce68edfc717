namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>How the expected losses over the resampling distribution are computed.</summary>
public enum ScrubMode
{
    /// <summary>Exact when the examples are every input and the enumeration fits <see cref="ScrubOptions.ExactBudget"/>; sampled otherwise.</summary>
    Auto,

    /// <summary>Every allowed resample enumerated (an error when the examples are not every input or the enumeration exceeds the budget).</summary>
    Exact,

    /// <summary>Monte-Carlo: <see cref="ScrubOptions.Samples"/> draws per input, with a standard error.</summary>
    Sampled,
}

/// <summary>Settings of a causal-scrubbing run.</summary>
public sealed record ScrubOptions
{
    /// <summary>Default <see cref="ExactBudget"/>: forward rows (input × resample combination) of one exact expectation.</summary>
    public const long DefaultExactBudget = 2_000_000;

    /// <summary>Exact, sampled, or exact where affordable.</summary>
    public ScrubMode Mode { get; init; } = ScrubMode.Auto;

    /// <summary>
    /// The most forward rows one exact expectation may take (Σ over inputs of the distinct resample
    /// combinations allowed for it); above it, <see cref="ScrubMode.Auto"/> samples.
    /// </summary>
    public long ExactBudget { get; init; } = DefaultExactBudget;

    /// <summary>Draws per input in the sampled path (at least 2, for the standard error).</summary>
    public int Samples { get; init; } = 8;

    /// <summary>Seed of the sampled path (PCG32).</summary>
    public ulong Seed { get; init; }

    /// <summary>Rows per forward pass.</summary>
    public int BatchSize { get; init; } = 2048;

    /// <summary>
    /// Whether the examples are every input of the task (an enumerated task): only then is an exact
    /// expectation the task's, and the standard error of a sampled one counts only the resampling.
    /// </summary>
    public bool EveryInput { get; init; }

    /// <summary>Throws on settings that cannot work.</summary>
    public void Check()
    {
        if (Samples < 2)
        {
            throw new ArgumentException($"Samples per input must be at least 2 (for the standard error); got {Samples}.");
        }
        if (BatchSize < 1)
        {
            throw new ArgumentException($"The batch size must be positive; got {BatchSize}.");
        }
        if (ExactBudget < 0)
        {
            throw new ArgumentException($"The exact budget must not be negative; got {ExactBudget}.");
        }
    }
}
