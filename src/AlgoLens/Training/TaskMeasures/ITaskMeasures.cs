using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskMeasures;

/// <summary>
/// A task with measures of its own that a model's loss and metrics do not show: the loss on each
/// half of an induction sequence, the error per number of in-context examples, accuracy per
/// subtask of a mixture. <c>eval</c> prints them beside the task's metrics. The built-in tasks'
/// measures live in this folder (<see cref="ModelMeasures"/>), since a task does not run models; a
/// task from a plug-in assembly may implement this interface itself.
/// </summary>
public interface ITaskMeasures
{
    /// <summary>The task's own figures of <paramref name="model"/> on <paramref name="examples"/>.</summary>
    IReadOnlyList<TaskFigure> Measure(IModel model, ExampleBatch examples);
}
