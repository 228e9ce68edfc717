using AlgoLens.IO;
using AlgoLens.Models;
using Spectre.Console;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// Turns the library's input errors into one clear line and exit code 2, instead of a stack trace;
/// anything else is a bug and is shown in full.
/// </summary>
internal static class CliErrors
{
    public static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException
            or KeyNotFoundException or InvalidOperationException or SafetensorsFormatException or ModelConfigException or IOException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
    }
}
