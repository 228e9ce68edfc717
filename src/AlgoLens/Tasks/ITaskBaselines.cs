using AlgoLens.Data;

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

/// <summary>One named figure of a task: a baseline, or a task-specific measure of a model.</summary>
/// <param name="Name">Short name, e.g. "least_squares_mse_at_10".</param>
/// <param name="Value">The figure.</param>
/// <param name="Description">What it is, in one line.</param>
public sealed record TaskFigure(string Name, double Value, string Description);
