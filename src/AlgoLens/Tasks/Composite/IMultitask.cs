namespace AlgoLens.Tasks.Composite;

/// <summary>A mixture of token tasks in one model (problem 3.11): enumerated or sampled, laid out by a <see cref="MultitaskLayout"/>.</summary>
public interface IMultitask : ITask, ITokenGroundTruth, ITaskMeasures
{
    /// <summary>The subtasks, their task tokens and the combined vocabularies.</summary>
    MultitaskLayout Layout { get; }

    /// <summary>Loss and metrics per subtask (<see cref="MultitaskMetrics.Figures"/>): the overall figures can hide a subtask not learnt.</summary>
    IReadOnlyList<TaskFigure> ITaskMeasures.Measure(Models.IModel model, Data.ExampleBatch examples) => MultitaskMetrics.Figures(model, examples, this);
}
