using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// Loss and the task's metrics per split (<c>train_loss</c>, <c>train_accuracy</c>, ...,
/// <c>test_loss</c>, ...), named as metrics.csv names them. Read from metrics.csv when training
/// logged the step (the same numbers, without a forward pass), else evaluated with
/// <see cref="Evaluation.Evaluate(Models.IModel, Data.ExampleBatch, IReadOnlyList{Tasks.TaskMetric})"/>
/// on the run's own data. Applies to every run.
/// </summary>
public sealed class LossesMeasure : ICheckpointMeasure
{
    /// <inheritdoc/>
    public string Name => "losses";

    /// <inheritdoc/>
    public string Description => "loss and task metrics per split (from metrics.csv where logged, else evaluated)";

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run) => null;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var task = context.Run.Task;
        var names = new[] { "train", "test" }
            .SelectMany(split => new[] { split + "_loss" }.Concat(task.Metrics.Select(m => split + "_" + Evaluation.ColumnName(m))))
            .ToArray();
        if (context.Logged is { } row && names.All(row.Has))
        {
            return names.ToDictionary(n => n, n => row[n]);
        }
        var values = new Dictionary<string, double>();
        foreach (var (split, examples) in new[] { ("train", context.Run.Data.Train), ("test", context.Run.Data.Test) })
        {
            var result = Evaluation.Evaluate(context.Model, examples, task.Metrics);
            values[split + "_loss"] = result.Loss;
            foreach (var metric in task.Metrics)
            {
                values[split + "_" + Evaluation.ColumnName(metric)] = result.Metrics[metric];
            }
        }
        return values;
    }
}
