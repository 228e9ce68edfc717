using System.ComponentModel;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal class CliSettings : CommandSettings
{
    [CommandOption("--verbose")]
    [Description("On an unexpected error, print the full stack trace (it is always written to a log file).")]
    public bool Verbose { get; init; }

    [CommandOption("--plugin|--task-assembly <PATH>")]
    [Description("A plugin .dll of your own (tasks, model kinds, measures); repeat for several. A plugin is code that runs with your rights: name only one you trust. ALGOLENS_PLUGIN_PATH lists more.")]
    public string[] Plugins { get; init; } = [];

    [CommandOption("--trust-plugins")]
    [Description("Load the plugin a run folder records (run.json's task_assembly, relative to the run): it is code, so only for a run you trust.")]
    public bool TrustPlugins { get; init; }
}
