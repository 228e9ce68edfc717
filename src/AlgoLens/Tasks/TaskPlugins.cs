using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace AlgoLens.Tasks;

/// <summary>
/// Loads a user's own tasks from a compiled assembly (problem 3.17) into <see cref="TaskRegistry"/>,
/// so that <c>algolens train --task-assembly MyTasks.dll --task count-ones</c>, eval, analyze, report,
/// cache and <c>tasks show</c> know them by name. A task class is registered when it is public, not
/// abstract, implements <see cref="ITask"/> and has either a public static
/// <c>TaskDefinition Definition</c> property (a task with options, like the built-in ones) or a
/// public parameterless constructor (a task without options).
/// </summary>
/// <remarks>
/// Assemblies load into the default load context, so a plugin shares AlgoLens's own types
/// (<see cref="ITask"/>, <see cref="TaskDefinition"/>) with the host; a dependency of the plugin that
/// the host lacks is looked for beside the plugin's file. Loading a file twice does nothing the
/// second time, so a run's recorded assembly and a --task-assembly naming the same file do not
/// clash. Assemblies cannot be unloaded: a process keeps the tasks it loaded.
/// </remarks>
public static class TaskPlugins
{
    /// <summary>
    /// The environment variable listing task assemblies to load at start-up, separated by the
    /// platform's path separator (':' on Linux and macOS, ';' on Windows). A file is loaded as with
    /// --task-assembly; a folder contributes every assembly in it that defines a task.
    /// </summary>
    public const string PathVariable = "ALGOLENS_TASK_PATH";

    private static readonly Lock LoadLock = new();
    private static readonly Dictionary<string, IReadOnlyList<TaskInfo>> LoadedFiles = new(StringComparer.Ordinal);
    private static readonly HashSet<Assembly> LoadedAssemblies = [];

    /// <summary>
    /// Registers the tasks of the assembly at <paramref name="path"/> and returns them; a file loaded
    /// before returns its tasks again without loading anything.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">The file is not a .NET assembly, cannot be loaded beside
    /// AlgoLens, defines no task, a task's definition throws, or a task's name is taken; the message
    /// says which and what to do.</exception>
    public static IReadOnlyList<TaskInfo> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string file = Path.GetFullPath(path);
        lock (LoadLock)
        {
            if (LoadedFiles.TryGetValue(file, out var known))
            {
                return known;
            }
            var assembly = LoadAssembly(path, file);
            var definitions = Definitions(path, assembly);
            foreach (var definition in definitions)
            {
                if (TaskRegistry.Contains(definition.Info.Name))
                {
                    throw new ArgumentException($"Task assembly '{path}' defines task '{definition.Info.Name}', but a task of that name is registered already (built in, or from another assembly); rename the task.");
                }
            }
            foreach (var definition in definitions)
            {
                TaskRegistry.Register(definition);
            }
            var infos = definitions.Select(d => d.Info).ToArray();
            LoadedFiles[file] = infos;
            LoadedAssemblies.Add(assembly);
            return infos;
        }
    }

    /// <summary>
    /// Loads what <see cref="PathVariable"/> lists (nothing when it is unset): each file as
    /// <see cref="Load"/> does, each folder's assemblies that define tasks (others, such as a
    /// plugin's dependencies, are passed over).
    /// </summary>
    /// <exception cref="ArgumentException">An entry does not exist, or a listed file or a task in a folder cannot be loaded.</exception>
    public static void LoadFromEnvironment()
    {
        string? list = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrWhiteSpace(list))
        {
            return;
        }
        foreach (string entry in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Directory.Exists(entry))
            {
                foreach (string file in Directory.GetFiles(entry, "*.dll").Order(StringComparer.Ordinal))
                {
                    if (DefinesTasks(file))
                    {
                        Load(file);
                    }
                }
            }
            else if (File.Exists(entry))
            {
                Load(entry);
            }
            else
            {
                throw new ArgumentException($"{PathVariable} lists '{entry}', which is neither a file nor a folder; correct or remove that entry.");
            }
        }
    }

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
    /// Whether an assembly named as the file at <paramref name="path"/> is loaded already: that file,
    /// a copy of it passed with --task-assembly, or the program that registered its tasks itself.
    /// </summary>
    public static bool IsLoaded(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileNameWithoutExtension(path);
        return AssemblyLoadContext.Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The loaded task assembly whose code was running when <paramref name="exception"/> (or one it
    /// wraps) was thrown, or null when none was: a failure inside a user's task is the task's to
    /// fix, not AlgoLens's.
    /// </summary>
    public static Assembly? Blame(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Assembly[] plugins;
        lock (LoadLock)
        {
            plugins = [.. LoadedAssemblies];
        }
        if (plugins.Length == 0)
        {
            return null;
        }
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e).GetFrames())
            {
                var assembly = frame.GetMethod()?.DeclaringType?.Assembly;
                if (assembly is not null && plugins.Contains(assembly))
                {
                    return assembly;
                }
            }
        }
        return null;
    }

    private static Assembly LoadAssembly(string path, string file)
    {
        if (Directory.Exists(file))
        {
            throw new ArgumentException($"Task assembly '{path}' is a folder; pass the .dll your task project builds (e.g. bin/Release/net10.0/MyTasks.dll), or list the folder in {PathVariable}.");
        }
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Task assembly '{path}' does not exist; build your task project (dotnet build -c Release) and pass the path of its .dll.", file);
        }
        AlgoLens.IO.InputFile.RequireRegular(file, "Task assembly");
        AssemblyName name;
        try
        {
            name = AssemblyName.GetAssemblyName(file);
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException($"'{path}' is not a .NET assembly; pass the .dll that building your task project produces (a class library referencing AlgoLens).");
        }
        var same = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        if (same is not null)
        {
            if (string.Equals(same.Location, file, StringComparison.Ordinal))
            {
                return same;
            }
            throw new ArgumentException($"Cannot load task assembly '{path}': an assembly named {name.Name} is loaded already{(same.Location.Length > 0 ? $" (from {same.Location})" : "")}; give your task project another assembly name, or pass one copy only.");
        }
        // A plugin's own dependencies sit beside it (dotnet build copies them there).
        string folder = Path.GetDirectoryName(file)!;
        AssemblyLoadContext.Default.Resolving += (context, dependency) =>
        {
            string candidate = Path.Combine(folder, dependency.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new ArgumentException($"Cannot load task assembly '{path}': {e.Message}");
        }
    }

    private static List<TaskDefinition> Definitions(string path, Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            string why = e is ReflectionTypeLoadException load ? string.Join("; ", load.LoaderExceptions.Select(x => x?.Message).Distinct()) : e.Message;
            throw new ArgumentException($"Task assembly '{path}' cannot be read ({why}); build it against this version of AlgoLens ({typeof(ITask).Assembly.GetName().Version}).");
        }
        var definitions = new List<TaskDefinition>();
        var unusable = new List<string>();
        foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && typeof(ITask).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static) is { } property && property.PropertyType == typeof(TaskDefinition))
            {
                definitions.Add(Invoke(path, type, "its static Definition property", () => (TaskDefinition?)property.GetValue(null))
                    ?? throw new ArgumentException($"Task assembly '{path}': {type.FullName}.Definition is null; return the task's TaskDefinition."));
            }
            else if (type.GetConstructor(Type.EmptyTypes) is { } constructor)
            {
                definitions.Add(FromConstructor(path, type, constructor));
            }
            else
            {
                unusable.Add(type.FullName!);
            }
        }
        if (definitions.Count == 0)
        {
            string neither = unusable.Count == 0 ? "" : $" ({string.Join(", ", unusable)} implement ITask but have neither)";
            throw new ArgumentException(
                $"Task assembly '{path}' defines no task{neither}: AlgoLens registers public classes implementing ITask that have a public static " +
                "TaskDefinition Definition property or a public parameterless constructor (see examples/my-task.cs).");
        }
        return definitions;
    }

    // A task without options: its name and description from one instance; a run rebuilds it with
    // the constructor, so settings it records could never be read back, and are refused here.
    private static TaskDefinition FromConstructor(string path, Type type, ConstructorInfo constructor)
    {
        var sample = Invoke(path, type, "its constructor", () => (ITask)constructor.Invoke(null));
        var fixedSettings = sample.Settings.Keys.Where(k => k != "p").ToArray();
        if (fixedSettings.Length > 0)
        {
            throw new ArgumentException(
                $"Task assembly '{path}': {type.FullName} records settings ({string.Join(", ", fixedSettings)}) but has only a parameterless constructor, " +
                "so a run could not be rebuilt with them. Add a public static TaskDefinition Definition that reads them (TaskSettingsReader), or record no settings.");
        }
        return new TaskDefinition(new TaskInfo(sample.Name, sample.Description, []), _ => (ITask)constructor.Invoke(null));
    }

    private static T Invoke<T>(string path, Type type, string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is TargetInvocationException or TypeInitializationException && e.InnerException is not null)
        {
            // Reflection and static initialisers wrap the task's own exception: report that one.
            Exception cause = e;
            while (cause is TargetInvocationException or TypeInitializationException && cause.InnerException is { } inner)
            {
                cause = inner;
            }
            throw new ArgumentException($"Task assembly '{path}': {what} of {type.FullName} threw {cause.GetType().Name}: {cause.Message}", cause);
        }
    }

    private static bool DefinesTasks(string file)
    {
        AlgoLens.IO.InputFile.RequireRegular(file, $"{PathVariable} entry");
        try
        {
            AssemblyName.GetAssemblyName(file);
        }
        catch (BadImageFormatException)
        {
            return false; // a native library beside the plugins
        }
        try
        {
            // AlgoLens's own assembly (a plugin's build copies it beside the plugin) defines the
            // built-in tasks, which are registered already.
            var assembly = LoadAssembly(file, Path.GetFullPath(file));
            return assembly != typeof(ITask).Assembly
                && assembly.GetExportedTypes().Any(t => t.IsClass && !t.IsAbstract && typeof(ITask).IsAssignableFrom(t));
        }
        catch (Exception e) when (e is ArgumentException or ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            return false; // a dependency of a plugin, or an assembly built for something else
        }
    }
}
