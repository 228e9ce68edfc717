using System.Globalization;
using AlgoLens.Common;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Plugins;
using Spectre.Console;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// Exit codes and error reporting. Bad input (the library's argument, format and file errors) is
/// one clear line and exit code 2. Anything else is a bug: a short message, the full trace in a log
/// file (in the run folder when there is one, else the temp folder), the trace itself with
/// --verbose, and exit code 1. The codes are documented in the README.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code of an unexpected error (a bug; the trace is in the log file).</summary>
    public const int Unexpected = 1;

    /// <summary>Exit code of bad input: a setting, a file or a folder that cannot be used.</summary>
    public const int BadInput = 2;

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

    /// <summary>True for the exceptions that mean bad input, whose message is for the user.</summary>
    public static bool IsExpected(Exception e) =>
        e is ArgumentException or FormatException or IOException or UnauthorizedAccessException
            or SafetensorsFormatException or ModelConfigException;

    /// <summary>
    /// Loads the plugins the settings ask for (<see cref="CliPlugins.Load"/>), then runs
    /// <paramref name="action"/>; returns 0, <see cref="BadInput"/> or <see cref="Unexpected"/>.
    /// A failure inside a user's plugin is bad input too: the message names the assembly.
    /// <paramref name="runDirectory"/> is where an unexpected error's log goes (when it exists).
    /// </summary>
    public static int Run(Action action, CliSettings settings, string? runDirectory = null, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            CliPlugins.Load(settings);
            action();
            return 0;
        }
        catch (Exception e) when (IsExpected(e))
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException && PluginLoader.Blame(e) is { } plugin)
        {
            console.MarkupLineInterpolated($"[red]error in plugin assembly {plugin.Assembly.GetName().Name}:[/] {e.GetType().Name}: {e.Message}");
            console.MarkupLineInterpolated($"The plugin's own code ({plugin.Path}) threw this; fix it there.{(settings.Verbose ? "" : " Run again with --verbose to print the trace.")}");
            if (settings.Verbose)
            {
                console.WriteLine(e.ToString());
            }
            return BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReportUnexpected(e, settings.Verbose, runDirectory, console);
            return Unexpected;
        }
    }

    /// <summary>Writes the log and prints the short message (and, when verbose, the trace); returns the log's path, or null when none could be written.</summary>
    public static string? ReportUnexpected(Exception e, bool verbose, string? runDirectory, IAnsiConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        console ??= AnsiConsole.Console;
        string? log = WriteLog(e, runDirectory);
        console.MarkupLineInterpolated($"[red]unexpected error:[/] {e.GetType().Name}: {e.Message}");
        console.MarkupLineInterpolated($"This is a bug in algolens, not in your input. {(log is null ? "No log file could be written" : $"The full trace is in {log}")}; please report it with that file.");
        if (verbose)
        {
            console.WriteLine(e.ToString());
        }
        else
        {
            console.MarkupLine("Run again with --verbose to print the trace here.");
        }
        return log;
    }

    private static string? WriteLog(Exception e, string? runDirectory)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"algolens-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.log");
        string text = string.Create(CultureInfo.InvariantCulture,
            $"algolens {AlgoLensVersion.Current}, .NET {Environment.Version}, {DateTime.UtcNow:O}\n{Environment.CommandLine}\n\n{e}\n");
        foreach (string? folder in new[] { runDirectory is not null && Directory.Exists(runDirectory) ? runDirectory : null, Path.GetTempPath() })
        {
            if (folder is null)
            {
                continue;
            }
            try
            {
                string path = Path.GetFullPath(Path.Combine(folder, name));
                File.WriteAllText(path, text);
                return path;
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException)
            {
                // Try the next folder.
            }
        }
        return null;
    }
}
