using AlgoLens.Plugins;
using AlgoLens.Training;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// Which plugins a command loads, before it builds any task, model or measure: those named with
/// --plugin, always; those of ALGOLENS_PLUGIN_PATH, in the commands that build tasks, models or
/// measures by name (not <c>presets</c> or <c>import</c>, which have no use for them); the one a run
/// records, only with --trust-plugins. A plugin is code: nothing a file or run folder says loads one.
/// </summary>
internal static class CliPlugins
{
    /// <summary>Loads the plugins <paramref name="settings"/> ask for.</summary>
    /// <exception cref="ArgumentException">A plugin cannot be loaded, or --trust-plugins was given to a command that reads no run.</exception>
    public static void Load(CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings is not (PresetsCommand.Settings or ImportCommand.Settings))
        {
            PluginLoader.LoadFromEnvironment();
        }
        foreach (string path in settings.Plugins)
        {
            PluginLoader.Load(path);
        }
        if (settings.TrustPlugins)
        {
            string run = RunDirectory(settings)
                ?? throw new ArgumentException("--trust-plugins loads the plugin a run folder records, and this command reads no run folder; name the plugin with --plugin PATH.dll.");
            // A recorded file that is gone is left to RunFolder, whose error asks for its new path.
            if (File.Exists(Path.Combine(run, RunInfo.FileName)) && RunFolder.RecordedTaskAssembly(run) is { } recorded
                && File.Exists(recorded) && !AlgoLens.Tasks.TaskPlugins.IsLoaded(recorded))
            {
                PluginLoader.Load(recorded);
            }
        }
    }

    // The run folder a command reads, when it reads one.
    private static string? RunDirectory(CliSettings settings) => settings switch
    {
        RunFolderSettings run => run.RunDirectory,
        DetectCommand.Settings detect => detect.RunDirectory,
        CacheCommand.Settings cache => cache.Model,
        TrainSettings train => train.Resume,
        _ => null,
    };
}
