namespace AlgoLens.Tasks;

/// <summary>Which of two numbers <see cref="MinMaxTask"/> answers with.</summary>
public enum MinMaxKind
{
    /// <summary>The smaller: min(a, b).</summary>
    Min,

    /// <summary>The larger: max(a, b).</summary>
    Max,
}
