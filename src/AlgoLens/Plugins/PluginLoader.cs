using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using AlgoLens.Analysis.Measures;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Plugins;

/// <summary>
/// The one way AlgoLens is extended from outside: a compiled assembly (a plugin) whose tasks, model
/// kinds and measures (<see cref="PluginContents"/> gives the convention) join
/// <see cref="TaskRegistry"/>, <see cref="ModelKinds"/> and <see cref="MeasureRegistry"/>, so that
/// every command knows them by name. A plugin is trusted code: loading it runs its static
/// initialisers, definitions and constructors with the user's rights, so it is loaded only where
/// the user asks (<c>--plugin</c>, <see cref="PathVariable"/>, or <c>--trust-plugins</c> for the one
/// a run records), never because a file or a run folder names it.
/// </summary>
/// <remarks>
/// Each file loads once, into its own <see cref="AssemblyLoadContext"/> (<see cref="PluginLoadContext"/>)
/// that takes AlgoLens from the host and the plugin's other dependencies from its folder. Loading
/// the same file again returns what the first load registered. Plugins cannot be unloaded: a
/// process keeps what it registered.
/// </remarks>
public static class PluginLoader
{
    /// <summary>
    /// The environment variable listing plugins by absolute path, separated by the platform's path
    /// separator (':' on Linux and macOS, ';' on Windows): setting it trusts every assembly it names,
    /// as --plugin does. A file is loaded as with --plugin; a folder contributes every assembly in it
    /// that references AlgoLens and declares something. The CLI reads it only in the commands that
    /// build tasks, models or measures by name.
    /// </summary>
    public const string PathVariable = "ALGOLENS_PLUGIN_PATH";

    /// <summary>The variable read before plugins were trusted code by name only; refused with a message saying what to set instead.</summary>
    public const string RetiredPathVariable = "ALGOLENS_TASK_PATH";

    private static readonly Lock LoadLock = new();
    private static readonly Dictionary<string, LoadedPlugin> LoadedFiles = new(StringComparer.Ordinal);
    private static volatile LoadedPlugin[] loaded = [];

    /// <summary>The plugins loaded so far, in load order (a snapshot).</summary>
    public static IReadOnlyList<LoadedPlugin> Loaded => Array.AsReadOnly(loaded);

    /// <summary>
    /// Loads the plugin at <paramref name="path"/> (relative to the current folder) and registers
    /// what it declares; a file loaded before returns its earlier result without loading anything.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">The file is a folder or not a .NET assembly, cannot be
    /// loaded beside AlgoLens, declares nothing, or declares something faulty (code that throws, a
    /// null in its info, a name taken); the message names the assembly and what to do.</exception>
    public static LoadedPlugin Load(string path) => LoadFile(path, requireContents: true)!;

    /// <summary>
    /// Loads what <see cref="PathVariable"/> lists (nothing when it is unset): each file as
    /// <see cref="Load"/> does, each folder's assemblies that reference AlgoLens and declare something.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is relative or does not exist, a listed file
    /// cannot be loaded, or <see cref="RetiredPathVariable"/> is set.</exception>
    public static void LoadFromEnvironment()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RetiredPathVariable)))
        {
            throw new ArgumentException(
                $"{RetiredPathVariable} is no longer read: a plugin is code that runs with your rights, so AlgoLens loads one only where you name it. " +
                $"Rename the variable {PathVariable} (absolute paths only), or pass --plugin PATH.dll.");
        }
        string? list = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrWhiteSpace(list))
        {
            return;
        }
        foreach (string entry in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Path.IsPathFullyQualified(entry))
            {
                // "." would run whatever assembly lies in the folder a command happens to start in.
                throw new ArgumentException($"{PathVariable} lists '{entry}', a relative path, which would load code from wherever a command starts; write it as an absolute path.");
            }
            if (Directory.Exists(entry))
            {
                foreach (string file in Directory.GetFiles(entry, "*.dll").Order(StringComparer.Ordinal))
                {
                    // A FIFO named like an assembly would block the read that looks at its references.
                    AlgoLens.IO.InputFile.RequireRegular(file, $"{PathVariable} entry");
                    if (ReferencesAlgoLens(file))
                    {
                        LoadFile(file, requireContents: false);
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
    /// The plugin whose code was running when <paramref name="exception"/> (or one it wraps) was
    /// thrown, or null when none was: a failure inside a user's plugin is the plugin's to fix, not
    /// AlgoLens's. Code of a plugin's own dependencies counts as the plugin's.
    /// </summary>
    public static LoadedPlugin? Blame(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var plugins = loaded;
        if (plugins.Length == 0)
        {
            return null;
        }
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e).GetFrames())
            {
                if (frame.GetMethod()?.DeclaringType?.Assembly is not { } assembly)
                {
                    continue;
                }
                var context = AssemblyLoadContext.GetLoadContext(assembly);
                if (Array.Find(plugins, p => p.Assembly == assembly || (context is PluginLoadContext && AssemblyLoadContext.GetLoadContext(p.Assembly) == context)) is { } plugin)
                {
                    return plugin;
                }
            }
        }
        return null;
    }

    private static LoadedPlugin? LoadFile(string path, bool requireContents)
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
            var contents = PluginContents.Read(path, assembly);
            if (contents.IsEmpty)
            {
                if (!requireContents)
                {
                    return null; // a plugin's dependency in a listed folder
                }
                string unusable = contents.Unusable.Count == 0 ? "" : $" ({string.Join(", ", contents.Unusable)} implement an extension interface but can be built neither way)";
                throw new ArgumentException(
                    $"Plugin assembly '{path}' defines no task, model kind or measure{unusable}: AlgoLens registers public classes implementing ITask " +
                    "(with a public static TaskDefinition Definition or a public parameterless constructor), IModel (with a public static ModelKind Definition) " +
                    "or ICheckpointMeasure (with a public parameterless constructor); see examples/my-task.cs.");
            }
            foreach (var definition in contents.Tasks)
            {
                TaskRegistry.Register(definition);
            }
            foreach (var kind in contents.ModelKinds)
            {
                ModelKinds.Register(kind);
            }
            foreach (var (_, create) in contents.Measures)
            {
                MeasureRegistry.Register(create);
            }
            var plugin = new LoadedPlugin(file, assembly, contents.Tasks.Select(t => t.Info).ToArray(), contents.ModelKinds.ToArray(), contents.Measures.Select(m => m.Name).ToArray());
            LoadedFiles[file] = plugin;
            loaded = [.. loaded, plugin];
            return plugin;
        }
    }

    private static Assembly LoadAssembly(string path, string file)
    {
        if (Directory.Exists(file))
        {
            throw new ArgumentException($"Plugin assembly '{path}' is a folder; pass the .dll your plugin project builds (e.g. bin/Release/net10.0/MyTasks.dll), or list the folder in {PathVariable}.");
        }
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Plugin assembly '{path}' does not exist; build your plugin project (dotnet build -c Release) and pass the path of its .dll.", file);
        }
        AlgoLens.IO.InputFile.RequireRegular(file, "Plugin assembly");
        AssemblyName name;
        try
        {
            name = AssemblyName.GetAssemblyName(file);
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException($"'{path}' is not a .NET assembly; pass the .dll that building your plugin project produces (a class library referencing AlgoLens).");
        }
        // The host's own copy of this very file (AlgoLens.Tensors, or the program itself): use it
        // as it is, rather than a second copy whose types would not be the host's.
        var same = AssemblyLoadContext.All.SelectMany(c => c.Assemblies)
            .FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        if (same is not null)
        {
            if (string.Equals(same.Location, file, StringComparison.Ordinal))
            {
                return same;
            }
            throw new ArgumentException($"Cannot load plugin assembly '{path}': an assembly named {name.Name} is loaded already{(same.Location.Length > 0 ? $" (from {same.Location})" : "")}; give your plugin project another assembly name, or pass one copy only.");
        }
        if (name.Name is not null && PluginLoadContext.IsHostAssembly(name.Name))
        {
            throw new ArgumentException($"Cannot load plugin assembly '{path}': {name.Name} is one of AlgoLens's own assemblies; pass the .dll of your plugin project.");
        }
        try
        {
            return new PluginLoadContext(file).LoadFromAssemblyPath(file);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new ArgumentException($"Cannot load plugin assembly '{path}': {e.Message}");
        }
    }

    // Read from the file's metadata, without loading it: a plugin references AlgoLens; AlgoLens's
    // own copy, a plugin's other dependencies and native libraries in the same folder do not.
    private static bool ReferencesAlgoLens(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var reader = new PEReader(stream);
            if (!reader.HasMetadata)
            {
                return false;
            }
            var metadata = reader.GetMetadataReader();
            return metadata.AssemblyReferences.Any(handle =>
                metadata.StringComparer.Equals(metadata.GetAssemblyReference(handle).Name, typeof(ITask).Assembly.GetName().Name!));
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or InvalidOperationException)
        {
            return false;
        }
    }
}
