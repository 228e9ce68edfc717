namespace AlgoLens.Tasks.Composite;

/// <summary>A mixture of token tasks in one model (problem 3.11): enumerated or sampled, laid out by a <see cref="MultitaskLayout"/>.</summary>
public interface IMultitask : ITask, ITokenGroundTruth
{
    /// <summary>The subtasks, their task tokens and the combined vocabularies.</summary>
    MultitaskLayout Layout { get; }
}
