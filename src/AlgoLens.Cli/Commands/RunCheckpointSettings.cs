using System.ComponentModel;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>Options of a command that reads one checkpoint of a run folder (eval, export).</summary>
internal class RunCheckpointSettings : RunFolderSettings
{
    [CommandOption("--step <N>")]
    [Description("Checkpoint step (default: the newest).")]
    public int? Step { get; init; }
}
