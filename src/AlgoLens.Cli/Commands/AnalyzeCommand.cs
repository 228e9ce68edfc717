using System.ComponentModel;
using AlgoLens.Analysis.Progress;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens analyze RUN_DIR</c>: a thin layer over <see cref="RunAnalyzer"/>.</summary>
internal sealed class AnalyzeCommand : Command<AnalyzeCommand.Settings>
{
    public sealed class Settings : CommandSettings
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
            var summary = Analyze(settings.RunDirectory, settings.Every, settings.Quiet, cancellationToken);
            PrintSummary(summary);
        });

    public static AnalysisSummary Analyze(string runDirectory, int every, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet || Console.IsOutputRedirected)
        {
            return RunAnalyzer.Analyze(runDirectory, null, every, cancellationToken);
        }
        AnalysisSummary? summary = null;
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
                summary = RunAnalyzer.Analyze(runDirectory, progress, every, cancellationToken);
            });
        return summary!;
    }

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
        table.AddRow("logit variance by Σ α cos(w(a+b−c))", $"{s.LogitVarianceExplained:P1}");
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
