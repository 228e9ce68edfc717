using System.ComponentModel;
using AlgoLens.Analysis.Progress;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens analyze RUN_DIR</c>: a thin layer over <see cref="RunAnalyzer"/>.</summary>
internal sealed class AnalyzeCommand : Command<AnalyzeCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        public string RunDirectory { get; init; } = "";

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

    /// <summary>Which measures ran and which did not apply (with why), then the grokking summary when there is one.</summary>
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
        if (result.Grokking is { } summary)
        {
            PrintSummary(summary);
        }
    }

    private static string Abbreviate(IReadOnlyList<string> columns) =>
        columns.Count <= 4 ? string.Join(", ", columns) : string.Join(", ", columns.Take(4)) + ", ...";

    public static void PrintSummary(AnalysisSummary s)
    {
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("key frequencies", string.Join(", ", s.KeyFrequencies));
        table.AddRow("embedding norm in key freqs", $"{s.EmbeddingShareInKeyFrequencies:P1}");
        table.AddRow("neurons explained (≥85%)", $"{s.NeuronsExplained} / {s.Neurons} ({s.NeuronsExplainedFraction:P1})");
        if (s.NeuronsExplained < s.Neurons)
        {
            string seconds = string.Join(", ", s.UnexplainedSecondFrequencies.Select(c => $"{c.Frequency} ({c.Neurons})"));
            table.AddRow("the others: ≥85% in two freqs; commonest 2nd freq", $"{s.UnexplainedInTwoFrequencies}; {seconds}");
        }
        string formula = (AlgoLens.Analysis.Fourier.CyclicOperation.FromName(s.Operation) ?? AlgoLens.Analysis.Fourier.CyclicOperation.Add).WithOutput;
        table.AddRow($"logit variance by Σ α cos(w({formula}))", $"{s.LogitVarianceExplained:P1}");
        table.AddRow("phases (memorisation end, cleanup start, cleanup end)", $"{s.Phases.MemorisationEnd}, {s.Phases.CleanupStart}, {s.Phases.CleanupEnd}");
        table.AddRow("test accuracy ≥ 99% at", $"{s.Phases.GrokStep}");
        table.AddRow("checkpoints analysed", $"{s.Checkpoints} in {s.Seconds:F1} s");
        AnsiConsole.Write(table);
    }
}

/// <summary>IProgress that runs its callback on the reporting thread.</summary>
internal sealed class SynchronousProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
