using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Composite;

namespace AlgoLens.Training.TaskMeasures;

/// <summary>
/// A multitask model's loss and metrics per subtask: the overall figures of metrics.csv can hide a
/// subtask the model has not learnt behind two it has.
/// </summary>
public static class MultitaskMetrics
{
    /// <summary>
    /// The loss and the mixture's metrics on the examples of each subtask (rows whose task token is
    /// that subtask's), by subtask name, in the subtasks' order; a subtask without examples in
    /// <paramref name="examples"/> is left out.
    /// </summary>
    public static IReadOnlyList<(string Subtask, int Examples, SplitMetrics Metrics)> PerSubtask(IModel model, ExampleBatch examples, IMultitask task)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(task);
        var tokens = examples.Input.RequireTokens("a multitask's examples");
        var rows = new List<int>[task.Layout.Subtasks.Count];
        for (int s = 0; s < rows.Length; s++)
        {
            rows[s] = [];
        }
        for (int r = 0; r < tokens.Batch; r++)
        {
            rows[task.Layout.SubtaskOf(tokens.Ids.AsSpan(r * tokens.Positions, tokens.Positions))].Add(r);
        }
        var result = new List<(string, int, SplitMetrics)>();
        for (int s = 0; s < rows.Length; s++)
        {
            if (rows[s].Count > 0)
            {
                result.Add((task.Layout.Subtasks[s].Name, rows[s].Count, Evaluation.Evaluate(model, examples.SelectRows(rows[s].ToArray()), task.Metrics)));
            }
        }
        return result;
    }

    /// <summary><see cref="PerSubtask"/> as named figures for <c>eval</c>: SUBTASK_loss and SUBTASK_METRIC.</summary>
    public static IReadOnlyList<TaskFigure> Figures(IModel model, ExampleBatch examples, IMultitask task)
    {
        var figures = new List<TaskFigure>();
        foreach (var (subtask, count, metrics) in PerSubtask(model, examples, task))
        {
            figures.Add(new($"{subtask}_loss", metrics.Loss, $"loss on the {count} examples of {subtask}"));
            foreach (var (metric, value) in metrics.Metrics)
            {
                string column = Evaluation.ColumnName(metric);
                figures.Add(new($"{subtask}_{column}", value, $"{column} on the {count} examples of {subtask}"));
            }
        }
        return figures;
    }
}
