using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>Options of a command that reads one run folder: the folder, and the options every command takes.</summary>
internal class RunFolderSettings : CliSettings
{
    [CommandArgument(0, "<RUN_DIR>")]
    public string RunDirectory { get; init; } = "";
}
