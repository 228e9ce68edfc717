using System.ComponentModel;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal class CliSettings : CommandSettings
{
    [CommandOption("--verbose")]
    [Description("On an unexpected error, print the full stack trace (it is always written to a log file).")]
    public bool Verbose { get; init; }
}
