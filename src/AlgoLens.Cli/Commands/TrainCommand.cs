using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens train</c>: a thin layer over <see cref="Trainer"/>.</summary>
internal sealed class TrainCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        RunInfo? info = null;
        int code = CliErrors.Run(() =>
        {
            (info, string directory) = Train(settings, cancellationToken);
            TrainingDisplay.PrintSummary(info, directory, settings.Quiet);
        }, settings, settings.Resume ?? settings.Out);
        return code != 0 || info is null ? code : CliErrors.ForStatus(info);
    }

    /// <summary>
    /// Starts or resumes the run the settings describe, with progress and Ctrl-C handling.
    /// <paramref name="directory"/> overrides --out (or, with <paramref name="resume"/>, --resume).
    /// <paramref name="writer"/>, when given, is that folder's lock, already held by the caller.
    /// Returns the run's record and its folder (a name made from the settings when --out is not given).
    /// </summary>
    public static (RunInfo Info, string Directory) Train(TrainSettings settings, CancellationToken cancellationToken, string? directory = null, bool resume = false, RunLock? writer = null)
    {
        // The thread budget belongs to this run only (scoped, not process-wide).
        using var compute = ComputeContext.Use(settings.Threads is { } threads ? new ComputeContext(threads) : ComputeContext.Current);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C asks the trainer to checkpoint and stop; a second one kills.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // `kill PID` (SIGTERM) stops as gracefully as Ctrl-C: checkpoint, then exit. Background
        // jobs of a non-interactive shell ignore SIGINT, so this is how scripts stop a run.
        using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            if ((resume ? directory : settings.Resume) is { } runDir)
            {
                var existing = RunInfo.Load(runDir);
                RunSettingsCheck.RefuseChanges(settings, runDir, existing);
                var measuring = settings.MeasureObserver(existing.Training.LogEvery);
                return (TrainingDisplay.Run(settings.Quiet, settings.Steps ?? existing.Training.Steps, $"Resuming {runDir}", progress =>
                    writer is null
                        ? Trainer.Resume(runDir, (name, values) => RunFolder.CreateTask(name, values, existing.TaskAssembly), settings.Steps, progress, stop.Token, measuring)
                        : Trainer.Resume(writer, (name, values) => RunFolder.CreateTask(name, values, existing.TaskAssembly), settings.Steps, progress, stop.Token, measuring)), runDir);
            }
            var (task, model, training) = settings.Build();
            var trainer = new Trainer(task, model, training) { Observer = settings.MeasureObserver(training.LogEvery) };
            string dir = directory ?? settings.RunDirectory(task, training);
            return (TrainingDisplay.Run(settings.Quiet, training.Steps, $"Training {task.Name} → {dir}", progress =>
                writer is null ? trainer.Run(dir, progress, stop.Token) : trainer.Run(writer, progress, stop.Token)), dir);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
