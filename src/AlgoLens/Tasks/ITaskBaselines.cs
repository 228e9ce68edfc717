using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Tasks;

/// <summary>
/// A task that knows reference figures to read a model's metrics against: what a trivial or an
/// optimal non-learned predictor reaches on the same examples (a random-token guess for induction,
/// least squares for in-context regression). <c>eval</c> prints them beside the model's figures.
/// </summary>
public interface ITaskBaselines
{
    /// <summary>The baselines measured on <paramref name="examples"/> (e.g. the run's test set).</summary>
    IReadOnlyList<TaskFigure> Baselines(ExampleBatch examples);
}

/// <summary>
/// A task with measures of its own that a model's loss and metrics do not show: the loss on each
/// half of an induction sequence, the error per number of in-context examples, accuracy per
/// subtask of a mixture. <c>eval</c> prints them beside the task's metrics.
/// </summary>
public interface ITaskMeasures
{
    /// <summary>The task's own figures of <paramref name="model"/> on <paramref name="examples"/>.</summary>
    IReadOnlyList<TaskFigure> Measure(IModel model, ExampleBatch examples);
}

/// <summary>One named figure of a task: a baseline, or a task-specific measure of a model.</summary>
/// <param name="Name">Short name, e.g. "least_squares_mse_at_10".</param>
/// <param name="Value">The figure.</param>
/// <param name="Description">What it is, in one line.</param>
public sealed record TaskFigure(string Name, double Value, string Description);
