namespace AlgoLens.Tasks;

/// <summary>
/// A task as the registry knows it: its listing and how to build it from options. Each task class
/// exposes one (<c>SortTask.Definition</c>) and <see cref="TaskRegistry"/> lists them.
/// </summary>
/// <param name="Info">Name, description, options and problem numbers.</param>
/// <param name="Create">Builds the task; throws an <see cref="ArgumentException"/> naming a bad option.</param>
public sealed record TaskDefinition(TaskInfo Info, Func<TaskOptions, ITask> Create)
{
    /// <summary>A task whose options all arrive as extras (everything but the modulus of the arithmetic tasks).</summary>
    public static TaskDefinition FromExtras(TaskInfo info, Func<IReadOnlyDictionary<string, string>, ITask> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new TaskDefinition(info, options => create(options.Extra));
    }
}
