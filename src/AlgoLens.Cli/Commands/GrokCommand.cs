using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens grok</c>: train the grokking preset (or any settings `train` takes), analyse every
/// checkpoint and write the report, then say where it is. A run that exists already is resumed
/// (or, when complete, only analysed and reported). The run folder's lock is held from before the
/// first check to after the report, so no other writer can come in between the phases.
/// </summary>
internal sealed class GrokCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var (task, _, training) = settings.Build();
            string runDirectory = settings.Resume ?? settings.RunDirectory(task, training);
            using var writer = RunLock.Acquire(runDirectory);
            RunInfo info;
            if (File.Exists(Path.Combine(runDirectory, RunInfo.FileName)))
            {
                info = RunInfo.Load(runDirectory);
                RunSettingsCheck.RefuseChanges(settings, runDirectory, info);
                if (info.Status != "completed")
                {
                    info = TrainCommand.Train(settings, cancellationToken, runDirectory, resume: true, writer).Info;
                }
                else if (!settings.Quiet)
                {
                    AnsiConsole.MarkupLineInterpolated($"{runDirectory} is already trained; analysing it.");
                }
            }
            else
            {
                info = TrainCommand.Train(settings, cancellationToken, runDirectory, writer: writer).Info;
            }
            TrainingDisplay.PrintSummary(info, runDirectory, settings.Quiet);
            if (info.Status != "completed")
            {
                AnsiConsole.MarkupLineInterpolated($"Training stopped at step {info.Summary?.StepsCompleted}; continue with: algolens grok --resume {runDirectory}");
                return;
            }
            var result = AnalyzeCommand.Analyze(writer, every: 1, settings.Quiet, cancellationToken);
            AnalyzeCommand.Print(result);
            string report = AlgoLens.Reports.RunReport.Write(writer);
            AnsiConsole.MarkupLineInterpolated($"Report: [green]{Path.GetFullPath(report)}[/]");
        }, settings, settings.Resume ?? settings.Out);
}
