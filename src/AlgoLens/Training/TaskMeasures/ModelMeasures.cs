using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Composite;
using AlgoLens.Tasks.InContext;
using AlgoLens.Tasks.Sequences;

namespace AlgoLens.Training.TaskMeasures;

/// <summary>
/// A task's own measures of a model (<c>eval</c>'s "measures"): the task gives the examples,
/// targets and positions to read, and the measures here run the model on them. One line per task
/// family that has measures; a task that implements <see cref="ITaskMeasures"/> brings its own.
/// </summary>
public static class ModelMeasures
{
    /// <summary>The figures of <paramref name="model"/> on <paramref name="examples"/> that <paramref name="task"/> defines; empty when it defines none.</summary>
    public static IReadOnlyList<TaskFigure> Of(ITask task, IModel model, ExampleBatch examples) => task switch
    {
        ITaskMeasures own => own.Measure(model, examples),
        RepeatTask repeat => RepeatMeasures.Measure(repeat, model, examples),
        InContextRegressionTask => InContextMeasures.Measure(model, examples),
        IMultitask mixture => MultitaskMetrics.Figures(model, examples, mixture),
        _ => [],
    };
}
