namespace AlgoLens.Tasks.Sequences;

/// <summary>Where the repeated subsequence of a <see cref="RepeatTask"/> example sits.</summary>
public enum RepeatLayout
{
    /// <summary><c>BOS x1..xL x1..xL</c>: L random tokens, then the same L again.</summary>
    Halves,

    /// <summary>
    /// <c>BOS</c> and a fixed number of random tokens in which one subsequence of length L occurs
    /// twice, at random positions (<see cref="EmbeddedRepeat"/>).
    /// </summary>
    Embedded,
}
