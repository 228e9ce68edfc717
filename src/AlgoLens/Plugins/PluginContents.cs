using System.Reflection;
using AlgoLens.Analysis.Measures;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Plugins;

/// <summary>
/// What a plugin assembly declares, found by one convention for every extension: a public,
/// non-abstract class implementing the extension's interface, with either a public static
/// <c>Definition</c> property of the extension's definition type or a public parameterless
/// constructor.
/// <list type="bullet">
/// <item>a task: implements <see cref="ITask"/>; <c>static TaskDefinition Definition</c> (a task with
/// options) or a constructor (a task without);</item>
/// <item>a model kind: implements <see cref="IModel"/>; <c>static ModelKind Definition</c> (its name,
/// config reader and factory; its config declares its activation size);</item>
/// <item>a measure: implements <see cref="ICheckpointMeasure"/>; a constructor (each analysis makes a
/// fresh instance).</item>
/// </list>
/// Everything is checked before anything is registered, so a faulty plugin registers nothing and
/// its error names the assembly, the class and the fault.
/// </summary>
internal sealed class PluginContents
{
    private readonly string path;

    private PluginContents(string path) => this.path = path;

    /// <summary>Its tasks' definitions.</summary>
    public List<TaskDefinition> Tasks { get; } = [];

    /// <summary>Its model kinds.</summary>
    public List<ModelKind> ModelKinds { get; } = [];

    /// <summary>Its measures: a name and a factory of fresh instances.</summary>
    public List<(string Name, Func<ICheckpointMeasure> Create)> Measures { get; } = [];

    /// <summary>Classes implementing an extension interface without a way to build them, for the "defines nothing" message.</summary>
    public List<string> Unusable { get; } = [];

    /// <summary>Whether nothing registrable was found.</summary>
    public bool IsEmpty => Tasks.Count == 0 && ModelKinds.Count == 0 && Measures.Count == 0;

    /// <summary>Reads and checks what <paramref name="assembly"/> declares; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="ArgumentException">The assembly cannot be read, or a declaration is faulty (its code throws, a null in its info, a duplicate name).</exception>
    public static PluginContents Read(string path, Assembly assembly)
    {
        var contents = new PluginContents(path);
        foreach (var type in ExportedClasses(path, assembly))
        {
            if (typeof(ITask).IsAssignableFrom(type))
            {
                contents.AddTask(type);
            }
            if (typeof(IModel).IsAssignableFrom(type))
            {
                contents.AddModelKind(type);
            }
            if (typeof(ICheckpointMeasure).IsAssignableFrom(type))
            {
                contents.AddMeasure(type);
            }
        }
        contents.CheckNames();
        return contents;
    }

    private static IEnumerable<Type> ExportedClasses(string path, Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            string why = e is ReflectionTypeLoadException load ? string.Join("; ", load.LoaderExceptions.Select(x => x?.Message).Distinct()) : e.Message;
            throw new ArgumentException($"Plugin assembly '{path}' cannot be read ({why}); build it against this version of AlgoLens ({typeof(ITask).Assembly.GetName().Version}).");
        }
        return types.Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters).OrderBy(t => t.FullName, StringComparer.Ordinal);
    }

    private void AddTask(Type type)
    {
        if (StaticDefinition<TaskDefinition>(type) is { } property)
        {
            var definition = Invoke(type, "its static Definition property", () => (TaskDefinition?)property.GetValue(null))
                ?? throw Faulty(type, "Definition is null; return the task's TaskDefinition");
            Check(type, () => TaskRegistry.Check(definition));
            Tasks.Add(definition);
        }
        else if (type.GetConstructor(Type.EmptyTypes) is { } constructor)
        {
            Tasks.Add(FromConstructor(type, constructor));
        }
        else
        {
            Unusable.Add(type.FullName!);
        }
    }

    // A task without options: its name and description from one instance; a run rebuilds it with
    // the constructor, so settings it records could never be read back, and are refused here.
    private TaskDefinition FromConstructor(Type type, ConstructorInfo constructor)
    {
        var sample = Invoke(type, "its constructor", () => (ITask)constructor.Invoke(null));
        var settings = Invoke(type, "its Settings", () => sample.Settings) ?? throw Faulty(type, "Settings is null; return an empty dictionary for a task without settings");
        var fixedSettings = settings.Keys.Where(k => k != "p").ToArray();
        if (fixedSettings.Length > 0)
        {
            throw Faulty(type,
                $"records settings ({string.Join(", ", fixedSettings)}) but has only a parameterless constructor, so a run could not be rebuilt with them. " +
                "Add a public static TaskDefinition Definition that reads them (TaskSettingsReader), or record no settings");
        }
        var definition = new TaskDefinition(
            new TaskInfo(Invoke(type, "its Name", () => sample.Name), Invoke(type, "its Description", () => sample.Description), []),
            _ => (ITask)constructor.Invoke(null));
        Check(type, () => TaskRegistry.Check(definition));
        return definition;
    }

    private void AddModelKind(Type type)
    {
        if (StaticDefinition<ModelKind>(type) is not { } property)
        {
            Unusable.Add(type.FullName!);
            return;
        }
        var kind = Invoke(type, "its static Definition property", () => (ModelKind?)property.GetValue(null))
            ?? throw Faulty(type, "Definition is null; return the kind's ModelKind");
        string? missing =
            string.IsNullOrWhiteSpace(kind.Name) || kind.Name.Any(char.IsWhiteSpace) ? "the kind's Name is empty or holds white space; name it with one word (e.g. my-rnn)"
            : kind.Description is null ? "the kind's Description is null; pass one line on what the model is"
            : kind.ReadConfig is null ? "the kind's ReadConfig is null; pass the function that parses its JSON config"
            : kind.Create is null ? "the kind's Create is null; pass the function that builds a model from a config"
            : null;
        if (missing is not null)
        {
            throw Faulty(type, missing);
        }
        ModelKinds.Add(kind);
    }

    private void AddMeasure(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            Unusable.Add(type.FullName!);
            return;
        }
        var sample = Invoke(type, "its constructor", () => (ICheckpointMeasure)constructor.Invoke(null));
        string? name = Invoke(type, "its Name", () => sample.Name);
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
        {
            throw Faulty(type, "the measure's Name is empty or holds white space; name it with one snake_case word (e.g. my_measure)");
        }
        if (Invoke(type, "its Description", () => sample.Description) is null)
        {
            throw Faulty(type, "the measure's Description is null; return one line on what it measures");
        }
        Measures.Add((name, () => (ICheckpointMeasure)constructor.Invoke(null)));
    }

    // Names must be new to the registries and to the plugin itself; checked before registering
    // anything, so that a refused plugin leaves no part of itself behind.
    private void CheckNames()
    {
        CheckUnique("task", Tasks.Select(t => t.Info.Name), TaskRegistry.Contains);
        CheckUnique("model kind", ModelKinds.Select(k => k.Name), Models.ModelKinds.Contains);
        CheckUnique("measure", Measures.Select(m => m.Name), MeasureRegistry.Contains);
    }

    private void CheckUnique(string what, IEnumerable<string> names, Func<string, bool> registered)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Plugin assembly '{path}' defines two of {what} '{name}'; give each {what} its own name.");
            }
            if (registered(name))
            {
                throw new ArgumentException($"Plugin assembly '{path}' defines {what} '{name}', but a {what} of that name is registered already (built in, or from another plugin); rename the {what}.");
            }
        }
    }

    private static PropertyInfo? StaticDefinition<T>(Type type) =>
        type.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static) is { } property && property.PropertyType == typeof(T) ? property : null;

    private ArgumentException Faulty(Type type, string fault) => new($"Plugin assembly '{path}': {type.FullName}: {fault}.");

    private void Check(Type type, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Plugin assembly '{path}': {type.FullName}: {e.Message}", e);
        }
    }

    private T Invoke<T>(Type type, string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Reflection and static initialisers wrap the plugin's own exception: report that one.
            Exception cause = e;
            while (cause is TargetInvocationException or TypeInitializationException && cause.InnerException is { } inner)
            {
                cause = inner;
            }
            throw new ArgumentException($"Plugin assembly '{path}': {what} of {type.FullName} threw {cause.GetType().Name}: {cause.Message}", cause);
        }
    }
}
