using System.Runtime.Loader;

namespace AlgoLens.Tasks;

/// <summary>
/// Where a task's code comes from: a run records the assembly of a task of the user's own (a
/// plugin's, or the program that registered it) so that it can say, when reopened, which assembly
/// it needs. Loading plugins is <c>AlgoLens.Plugins.PluginLoader</c>'s; this class only looks.
/// </summary>
public static class TaskPlugins
{
    /// <summary>
    /// The file of the assembly that defines <paramref name="task"/>'s class, when that is not
    /// AlgoLens itself (a plugin's, or the program that defined the task), so that a run can record
    /// where its task comes from; null for AlgoLens's own tasks and for assemblies without a file.
    /// The task inside a label wrapper counts, and a multitask's first subtask from such an assembly.
    /// </summary>
    public static string? LocationOf(ITask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        switch (task)
        {
            case RandomLabelsTask labels:
                return LocationOf(labels.Inner);
            case Composite.IMultitask mixture:
                return mixture.Layout.Subtasks.Select(LocationOf).FirstOrDefault(location => location is not null);
            default:
                var assembly = task.GetType().Assembly;
                return assembly == typeof(ITask).Assembly || assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location) ? null : assembly.Location;
        }
    }

    /// <summary>
    /// Whether an assembly named as the file at <paramref name="path"/> is loaded already, in any
    /// load context: that file, a copy of it loaded as a plugin, or the program that registered its
    /// tasks itself. Only the file's name is read, never the file.
    /// </summary>
    public static bool IsLoaded(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileNameWithoutExtension(path);
        return AssemblyLoadContext.All.Any(context =>
            context.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase)));
    }
}
