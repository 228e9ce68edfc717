using AlgoLens.Analysis.Progress;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// The built-in measures, in the order <c>analyze</c> runs them and measures.csv lists their
/// columns. Add a measure here with one line. Each call makes fresh instances: a measure may keep
/// per-run state between <see cref="ICheckpointMeasure.Prepare"/> and <see cref="ICheckpointMeasure.Finish"/>.
/// </summary>
public static class MeasureRegistry
{
    /// <summary>Fresh instances of every built-in measure.</summary>
    public static IReadOnlyList<ICheckpointMeasure> Create() =>
    [
        new LossesMeasure(),
        new WeightNormsMeasure(),
        new AttentionEntropyMeasure(),
        // After losses and weight norms: its run summary reads their columns.
        new GrokkingMeasure(),
    ];
}
