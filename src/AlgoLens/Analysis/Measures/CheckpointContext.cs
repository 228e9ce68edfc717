using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>What a measure sees at one checkpoint.</summary>
/// <param name="Run">The run folder (task, data, run.json).</param>
/// <param name="Step">The checkpoint's step.</param>
/// <param name="Model">The model saved at <paramref name="Step"/>.</param>
/// <param name="Logged">The metrics.csv row of this step, when training logged it.</param>
public sealed record CheckpointContext(RunFolder Run, int Step, IModel Model, MetricsRow? Logged)
{
    /// <summary>
    /// The scalars this checkpoint's measures named in <see cref="ICheckpointMeasure.DependsOn"/>
    /// returned (and only theirs): a measure sees another's numbers only by declaring it.
    /// </summary>
    public IReadOnlyDictionary<string, double> Measured { get; init; } = new Dictionary<string, double>();
}
