using System.Globalization;
using AlgoLens.Training;
using Spectre.Console;

namespace AlgoLens.Cli.Commands;

/// <summary>The live progress bar of training (or nothing, in quiet mode) and the closing summary.</summary>
internal static class TrainingDisplay
{
    public static RunInfo Run(bool quiet, int totalSteps, string title, Func<IProgress<TrainingProgress>?, RunInfo> train)
    {
        if (quiet || Console.IsOutputRedirected)
        {
            return train(null);
        }
        RunInfo? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask(Markup.Escape(title), maxValue: totalSteps);
                var progress = new ThrottledProgress(p =>
                {
                    bar.Value = p.Step;
                    bar.Description = Markup.Escape(Describe(title, p));
                });
                result = train(progress);
                bar.Value = totalSteps;
            });
        return result!;
    }

    /// <summary>
    /// The closing summary table; with <paramref name="quiet"/>, one plain line instead (the status,
    /// the steps done and the folder), for scripts and logs.
    /// </summary>
    public static void PrintSummary(RunInfo info, string? runDirectory, bool quiet = false)
    {
        var s = info.Summary;
        if (quiet)
        {
            string steps = s is null ? "" : string.Create(CultureInfo.InvariantCulture, $" at step {s.StepsCompleted}");
            Console.WriteLine($"{info.Status}{steps}{(runDirectory is null ? "" : $": {runDirectory}")}");
            return;
        }
        var table = new Table().AddColumns("run", "value");
        table.AddRow("status", info.Status);
        if (s?.Final is { } f)
        {
            table.AddRow("steps", s.StepsCompleted.ToString(CultureInfo.InvariantCulture));
            foreach (string split in new[] { "train", "test" })
            {
                // The task's own metrics, whatever they are (accuracy, exact match, MSE).
                var metrics = f.Columns.Where(c => c.StartsWith(split + "_", StringComparison.Ordinal) && c != split + "_loss").ToList();
                string names = string.Concat(metrics.Select(c => " / " + c[(split.Length + 1)..].Replace('_', ' ')));
                string values = string.Concat(metrics.Select(c => " / " + (c.EndsWith("accuracy", StringComparison.Ordinal) || c.EndsWith("exact_match", StringComparison.Ordinal)
                    ? f[c].ToString("P2", CultureInfo.InvariantCulture)
                    : f[c].ToString("G4", CultureInfo.InvariantCulture))));
                table.AddRow($"{split} loss{names}", f[split + "_loss"].ToString("G4", CultureInfo.InvariantCulture) + values);
            }
        }
        bool accuracy = s?.Final?.Has("test_accuracy") ?? false;
        if (accuracy)
        {
            table.AddRow("train acc 100% at step", s?.StepTrainAccuracy100?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }
        table.AddRow("test loss peak", s?.StepTestLossPeak is { } ps ? $"{s.TestLossPeak:G4} at step {ps}" : "-");
        if (accuracy)
        {
            table.AddRow("test acc ≥ 99% at step", s?.StepTestAccuracy99 is { } g ? $"{g} ({s.SecondsToTestAccuracy99:F0} s)" : "-");
        }
        table.AddRow("wall time", $"{s?.WallSeconds:F1} s");
        if (runDirectory is not null)
        {
            table.AddRow("run folder", Markup.Escape(runDirectory));
        }
        AnsiConsole.Write(table);
    }

    private static string Describe(string title, TrainingProgress p)
    {
        string metrics = p.LastMetrics is { } m ? $" test {m.TestLoss:G3}" + (m.Has("test_accuracy") ? $" ({m.TestAccuracy:P0})" : "") : "";
        return $"{title}  step {p.Step}/{p.TotalSteps}  train {p.TrainLoss:G3}{metrics}";
    }

    // Redraws at most ten times a second: progress arrives every step (tens of ms).
    private sealed class ThrottledProgress(Action<TrainingProgress> update) : IProgress<TrainingProgress>
    {
        private long lastTicks;

        public void Report(TrainingProgress value)
        {
            long now = Environment.TickCount64;
            if (now - lastTicks >= 100 || value.Step == value.TotalSteps)
            {
                lastTicks = now;
                update(value);
            }
        }
    }
}
