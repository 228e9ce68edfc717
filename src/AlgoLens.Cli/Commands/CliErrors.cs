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
    /// <summary>Exit code of a run that diverged (a non-finite loss stopped it); documented in the README.</summary>
    public const int Diverged = 3;

    /// <summary>The message and exit code for how a run ended: 0 unless it diverged.</summary>
    public static int ForStatus(AlgoLens.Training.RunInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Status != "diverged")
        {
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[red]The loss became non-finite at step {info.Summary?.StepsCompleted}: the run diverged and stopped.[/] Try a lower --lr, gradient clipping (--clip 1), or a longer --warmup.");
        return Diverged;
    }

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
