using System.ComponentModel;
using AlgoLens.Analysis.Run;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens analyze RUN_DIR</c>: a thin layer over <see cref="RunAnalyzer"/>.</summary>
internal sealed class AnalyzeCommand : Command<AnalyzeCommand.Settings>
{
    public sealed class Settings : RunFolderSettings
    {
        [CommandOption("--every <N>")]
        [Description("Analyse every N-th checkpoint (the last is always included).")]
        public int Every { get; init; } = 1;

        [CommandOption("-q|--quiet")]
        public bool Quiet { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            using var writer = AlgoLens.Training.RunLock.Acquire(settings.RunDirectory, mustExist: true);
            var result = Analyze(writer, settings.Every, settings.Quiet, cancellationToken);
            Print(result);
        }, settings, settings.RunDirectory);

    /// <summary>Analyses the run whose writer lock the caller holds, with a progress bar unless quiet.</summary>
    public static AnalysisResult Analyze(AlgoLens.Training.RunLock writer, int every, bool quiet, CancellationToken cancellationToken)
    {
        string runDirectory = writer.Directory;
        if (quiet || Console.IsOutputRedirected)
        {
            return RunAnalyzer.Analyze(writer, null, every, cancellationToken);
        }
        AnalysisResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask(Markup.Escape($"Analysing {runDirectory}"), maxValue: 1);
                var progress = new SynchronousProgress<(int Done, int Total)>(p =>
                {
                    bar.MaxValue = p.Total;
                    bar.Value = p.Done;
                });
                result = RunAnalyzer.Analyze(writer, progress, every, cancellationToken);
            });
        return result!;
    }

    /// <summary>Which measures ran and which did not apply (with why), then each measure's highlights (the grokking summary, for one).</summary>
    public static void Print(AnalysisResult result)
    {
        var a = result.Analysis;
        var measures = new Table().AddColumns("measure", "ran", "columns / why not");
        foreach (var m in a.Ran)
        {
            measures.AddRow(Markup.Escape(m.Name), "[green]yes[/]", Markup.Escape($"{m.Columns.Count}: {Abbreviate(m.Columns)}"));
        }
        foreach (var m in a.Skipped)
        {
            measures.AddRow(Markup.Escape(m.Name), "[yellow]no[/]", Markup.Escape(m.Reason));
        }
        AnsiConsole.Write(measures);
        AnsiConsole.MarkupLineInterpolated($"{a.Steps.Count} checkpoints analysed in {a.Seconds:F1} s: analysis/measures.csv, analysis/measures.json");
        foreach (var measure in result.Measures)
        {
            PrintHighlights(measure.Highlights);
        }
    }

    private static string Abbreviate(IReadOnlyList<string> columns) =>
        columns.Count <= 4 ? string.Join(", ", columns) : string.Join(", ", columns.Take(4)) + ", ...";

    private static void PrintHighlights(IReadOnlyList<KeyValuePair<string, string>> highlights)
    {
        if (highlights.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumns("measure", "value");
        foreach (var (label, value) in highlights)
        {
            table.AddRow(Markup.Escape(label), Markup.Escape(value));
        }
        AnsiConsole.Write(table);
    }
}

/// <summary>IProgress that runs its callback on the reporting thread.</summary>
internal sealed class SynchronousProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
