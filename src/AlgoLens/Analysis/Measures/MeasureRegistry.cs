using AlgoLens.Analysis.Grokking;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// The built-in measures, in the order <c>analyze</c> runs them (each after the measures it names in
/// <see cref="ICheckpointMeasure.DependsOn"/>), measures.csv lists their columns and the report
/// shows their sections. Add a measure here with one line. Each call makes fresh instances: a
/// measure may keep per-run state between <see cref="ICheckpointMeasure.Prepare"/> and <see cref="ICheckpointMeasure.Finish"/>.
/// </summary>
public static class MeasureRegistry
{
    /// <summary>Fresh instances of every built-in measure.</summary>
    public static IReadOnlyList<ICheckpointMeasure> Create() =>
    [
        new LossesMeasure(),
        new WeightNormsMeasure(),
        new AttentionEntropyMeasure(),
        new GrokkingMeasure(),
    ];
}
