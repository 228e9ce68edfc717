using System.Reflection;
using System.Runtime.Loader;

namespace AlgoLens.Plugins;

/// <summary>
/// The load context of one plugin file. The assemblies AlgoLens itself is built from (AlgoLens,
/// AlgoLens.Tensors, the .NET libraries) come from the host, so the plugin's tasks, model kinds and
/// measures implement the host's own <c>ITask</c>, <c>IModel</c> and <c>ICheckpointMeasure</c>
/// even though its build copies AlgoLens.dll beside it; every other dependency is looked for in
/// the plugin's folder (through its .deps.json when it has one). Being one context per file, a
/// plugin's resolver answers only for it: nothing is added to the default context's events.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> HostAssemblies = TrustedPlatformAssemblyNames();

    private readonly AssemblyDependencyResolver resolver;
    private readonly string folder;

    /// <summary>A context for the plugin at <paramref name="file"/> (a full path).</summary>
    public PluginLoadContext(string file)
        : base($"AlgoLens plugin {Path.GetFileName(file)}", isCollectible: false)
    {
        resolver = new AssemblyDependencyResolver(file);
        folder = Path.GetDirectoryName(file)!;
    }

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || IsHostAssembly(assemblyName.Name))
        {
            return null; // the default context's copy: one AlgoLens, one set of interfaces
        }
        string? path = resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            string beside = Path.Combine(folder, assemblyName.Name + ".dll");
            path = File.Exists(beside) ? beside : null;
        }
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc/>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>Whether the host provides the assembly named <paramref name="name"/> (loaded already, or among the application's own).</summary>
    public static bool IsHostAssembly(string name) =>
        HostAssemblies.Contains(name) || Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));

    private static HashSet<string> TrustedPlatformAssemblyNames()
    {
        string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        return new HashSet<string>(
            list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileNameWithoutExtension).OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
    }
}
