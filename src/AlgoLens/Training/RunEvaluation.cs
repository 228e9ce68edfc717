using AlgoLens.Tasks;
using AlgoLens.Training.TaskMeasures;

namespace AlgoLens.Training;

/// <summary>Evaluates a saved checkpoint of a run on the run's own data (its split, or its test set).</summary>
public static class RunEvaluation
{
    /// <summary>
    /// The result of evaluating one checkpoint: per split ("train", "test") its size and metrics, and
    /// the task's baselines on the test split (empty unless the task is an <see cref="ITaskBaselines"/>),
    /// and the task's own measures of the model on the test split (<see cref="ModelMeasures"/>; empty for a task without any).
    /// </summary>
    public sealed record Result(int Step, IReadOnlyDictionary<string, SplitResult> Splits, IReadOnlyList<TaskFigure> Baselines, IReadOnlyList<TaskFigure> Measures);

    /// <summary>One split's size, loss and the task's metrics by column name (e.g. "accuracy").</summary>
    public sealed record SplitResult(int Examples, double Loss, IReadOnlyDictionary<string, double> Metrics);

    /// <summary>
    /// Loads the checkpoint at <paramref name="step"/> (default: newest) and evaluates it, after
    /// checking the run's task against run.json's model and the checkpoint's (<see cref="TaskModelCheck"/>),
    /// so that no dataset is built for a task the model cannot read.
    /// </summary>
    /// <exception cref="Models.ModelConfigException">The task does not fit the model (its vocabulary, output classes or context differ).</exception>
    public static Result Evaluate(string runDirectory, int? step, Func<string, IReadOnlyDictionary<string, string>, ITask>? createTask = null)
    {
        var run = RunFolder.Open(runDirectory, createTask);
        var steps = run.Steps();
        int chosen = step ?? steps[^1];
        var model = run.LoadModel(chosen);
        var splits = new Dictionary<string, SplitResult>();
        foreach (var (name, examples) in new[] { ("train", run.Data.Train), ("test", run.Data.Test) })
        {
            var metrics = Evaluation.Evaluate(model, examples, run.Task.Metrics);
            splits[name] = new SplitResult(examples.Count, metrics.Loss,
                run.Task.Metrics.ToDictionary(Evaluation.ColumnName, m => metrics.Metrics[m]));
        }
        var baselines = run.Task is ITaskBaselines reference ? reference.Baselines(run.Data.Test) : [];
        var measures = ModelMeasures.Of(run.Task, model, run.Data.Test);
        return new Result(chosen, splits, baselines, measures);
    }
}
