using System.Reflection;
using System.Runtime.Loader;

namespace AlgoLens.Bench;

/// <summary>
/// Another build of this benchmark (a copy of its bin folder, made before a change), loaded with its
/// own AlgoLens assemblies in a separate <see cref="AssemblyLoadContext"/>, so the old and the new
/// engine run side by side in one process and can be timed in alternating samples: on a shared host
/// whose speed drifts by the minute, that is the only comparison that means much.
/// </summary>
internal sealed class BaselineBuild : AssemblyLoadContext
{
    private readonly string folder;

    private BaselineBuild(string folder)
        : base($"baseline {folder}", isCollectible: false)
    {
        this.folder = folder;
    }

    /// <summary>The baseline's <see cref="ConfigTrainStep.CreateStep"/>, called by reflection.</summary>
    public static (Action Step, string ConfigJson, double Gflop) CreateStep(string folder, string config, string[] modelOptions, int threads, bool allowSpecialisations)
    {
        string path = Path.Combine(Path.GetFullPath(folder), "AlgoLens.Bench.dll");
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--baseline {folder}: no AlgoLens.Bench.dll there; copy a Release build's bin/Release/net10.0 folder of this benchmark, made before the change.");
        }
        var context = new BaselineBuild(Path.GetDirectoryName(path)!);
        var assembly = context.LoadFromAssemblyPath(path);
        var method = assembly.GetType(typeof(ConfigTrainStep).FullName!)?.GetMethod(nameof(ConfigTrainStep.CreateStep), BindingFlags.Public | BindingFlags.Static)
            ?? throw new ArgumentException($"--baseline {folder}: that build has no {nameof(ConfigTrainStep)}.{nameof(ConfigTrainStep.CreateStep)}.");
        var result = method.Invoke(null, [config, modelOptions, threads, allowSpecialisations])!;
        // A value tuple from the other context: same runtime types (Action, string, double), read by field.
        var type = result.GetType();
        return ((Action)type.GetField("Item1")!.GetValue(result)!, (string)type.GetField("Item2")!.GetValue(result)!, (double)type.GetField("Item3")!.GetValue(result)!);
    }

    /// <summary>The baseline's own copies of AlgoLens and its packages; the framework from the default context.</summary>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string candidate = Path.Combine(folder, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
