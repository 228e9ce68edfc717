using AlgoLens.Data;

namespace AlgoLens.Tasks.Logic;

public sealed partial class AutomatonTask
{
    /// <summary>The automaton's state after each input.</summary>
    public IReadOnlyList<TaskFeatureInfo> Features { get; } =
    [
        new("state", TaskFeatureKind.Class, true, "every position",
            "the state after reading the input at the position (the target there), as its output class id"),
    ];

    /// <inheritdoc/>
    public double[,] FeatureValues(TaskFeatureInfo feature, int? parameter, TokenBatch input)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(input);
        return TaskFeatures.PerRow(input, row => Array.ConvertAll(Answer(row), s => (double)s));
    }
}
