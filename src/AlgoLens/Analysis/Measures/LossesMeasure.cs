using AlgoLens.Reports.Charts;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// Loss and the task's metrics per split (<c>train_loss</c>, <c>train_accuracy</c>, ...,
/// <c>test_loss</c>, ...), named as metrics.csv names them. Read from metrics.csv when training
/// logged the step (the same numbers, without a forward pass), else evaluated with
/// <see cref="Evaluation.Evaluate(Models.IModel, Data.ExampleBatch, IReadOnlyList{Tasks.TaskMetric})"/>
/// on the run's own data. Applies to every run. Its report section draws the training curves, with
/// the step marks other measures offer (<see cref="StepAnnotations"/>).
/// </summary>
public sealed class LossesMeasure : ICheckpointMeasure
{
    /// <summary>The measure's name, for measures that depend on it.</summary>
    public const string MeasureName = "losses";

    /// <inheritdoc/>
    public string Name => MeasureName;

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

    /// <inheritdoc/>
    public void Report(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Every logged step from metrics.csv; measures.csv only when training logged none.
        var metrics = context.Metrics;
        var table = context.Table;
        double[] steps;
        Func<string, double[]?> column;
        if (metrics.Count > 0)
        {
            steps = metrics.Select(r => (double)r.Step).ToArray();
            column = name => metrics[0].Has(name) ? metrics.Select(r => r[name]).ToArray() : null;
        }
        else
        {
            steps = context.Steps;
            column = name => table.Has(name) ? table.Column(name) : null;
        }
        int lastStep = steps.Length == 0 ? 0 : (int)steps[^1];
        var names = metrics.Count > 0 ? metrics[0].Columns : table.Columns;
        var kinds = names.Where(n => n.StartsWith("train_", StringComparison.Ordinal)).Select(n => n["train_".Length..])
            .Where(kind => names.Contains("test_" + kind)).ToArray();
        var section = context.Page.AddSection("Training");
        foreach (string kind in kinds)
        {
            string words = kind.Replace('_', ' ');
            var chart = new LineChart { Title = kind == "loss" ? "Train and test loss" : $"Train and test {words}" };
            chart.XAxis.Title = "step";
            chart.YAxis.Title = words;
            var train = column("train_" + kind)!;
            var test = column("test_" + kind)!;
            if (kind == "loss" && train.Concat(test).All(v => v > 0))
            {
                chart.YAxis.Scale = AxisScale.Log10;
            }
            chart.Add("train", steps, train).Add("test", steps, test);
            context.Annotations.ApplyTo(chart, lastStep);
            string caption = kind == "loss" ? $"Train and test loss of task '{context.Info.Task}'." : $"Train and test {words}.";
            section.Figure(chart, context.Annotations.Captioned(caption), kind == "loss" ? "losses" : kind.Replace('_', '-'));
        }
    }
}
