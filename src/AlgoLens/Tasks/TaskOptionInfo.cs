namespace AlgoLens.Tasks;

/// <summary>One option a task takes, for listings (CLI help, docs).</summary>
/// <param name="Name">Option name, as in <see cref="ITask.Settings"/>, e.g. "p".</param>
/// <param name="DefaultValue">The value used when the option is not given, as text.</param>
/// <param name="Description">What the option means and what it must satisfy.</param>
public sealed record TaskOptionInfo(string Name, string DefaultValue, string Description)
{
    /// <summary>
    /// The name of the listing entry of a task that forwards <c>NAME.OPTION</c> keys to its subtasks
    /// (multitask: <c>prev-token.length=8</c>): a task that lists it takes any key with a dot, and
    /// checks those keys itself.
    /// </summary>
    public const string SubtaskOptionName = "TASK.OPTION";
}
