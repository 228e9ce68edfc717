using System.Diagnostics;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Optim;
using AlgoLens.Training.Memory;

namespace AlgoLens.Training;

/// <summary>
/// Trains any model kind on any task into a run folder: run.json, metrics.csv and checkpoints/.
/// Enumerated tasks are split by seed and trained full batch or in minibatches; sampled tasks get
/// fresh examples every step. The loss follows the targets (cross-entropy over the loss positions,
/// or (weighted) MSE). Deterministic: the same settings give bitwise the same run whatever the thread
/// count, and a stopped or killed run resumed with <c>Resume</c> ends bitwise where an
/// unbroken run would.
/// </summary>
public sealed class Trainer
{
    private readonly ITask task;
    private readonly TrainingConfig training;
    private readonly IModelConfig modelConfig;

    /// <summary>
    /// Prepares a run. The model's shape fields (vocabulary, context, outputs) come from the task,
    /// and its seed from the training seed; a cosine schedule's defaults are made explicit
    /// (<see cref="TrainingConfig.ResolveSchedule"/>), so run.json fixes its curve.
    /// </summary>
    /// <exception cref="ModelConfigException">The model kind cannot read the task's input or targets.</exception>
    public Trainer(ITask task, IModelConfig model, TrainingConfig training)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        training.Validate();
        this.task = task;
        this.training = training.ResolveSchedule();
        modelConfig = model.WithTaskShape(ShapeOf(task), training.Seed);
        modelConfig.Validate();
    }

    /// <summary>The training settings actually used (a cosine schedule's defaults made explicit), as run.json stores them.</summary>
    public TrainingConfig ResolvedTraining => training;

    /// <summary>The model config actually used (shape fields from the task).</summary>
    public IModelConfig ModelConfig => modelConfig;

    /// <summary>
    /// The bytes a run may use (default: <see cref="AvailableMemory.Bytes"/>, read when a run
    /// starts); a run whose <see cref="MemoryEstimate"/> exceeds it is refused before anything is
    /// generated or allocated. Tests set it, so that they do not depend on the machine.
    /// </summary>
    public Func<long> AvailableBytes { get; init; } = AvailableMemory.Bytes;

    /// <summary>
    /// Watches the run as it trains (<c>train --measure</c>'s measures), or null. It sees the live
    /// model at its own steps and must leave the run as it found it (<see cref="ITrainingObserver"/>),
    /// so the run is bitwise the same with or without it.
    /// </summary>
    public ITrainingObserver? Observer { get; init; }

    /// <summary>
    /// The mask a pruned run trains under, or null (dense). Removed entries are exactly zero from the
    /// start to the end (see <see cref="ParameterMask"/>); the mask is saved beside run.json and
    /// named in it, so that a resumed run keeps it. Without a mask the run is bitwise what it was.
    /// </summary>
    public ParameterMask? Mask { get; init; }

    /// <summary>
    /// A safetensors file (e.g. a checkpoint of another run with the same model config) whose
    /// parameters the run starts from instead of its seed's initialisation, or null. It is copied
    /// into the run folder (<see cref="InitialWeightsFile"/>) so the run stays resumable without it.
    /// </summary>
    public string? InitialWeights { get; init; }

    /// <summary>The name of the copy of <see cref="InitialWeights"/> inside a run folder.</summary>
    public const string InitialWeightsFile = "initial.safetensors";

    /// <summary>What this run is estimated to need (<see cref="TrainingMemory.ForTraining"/>).</summary>
    public MemoryEstimate MemoryEstimate => TrainingMemory.ForTraining(task, modelConfig, training);

    /// <summary>The shape a task gives a model: what <see cref="IModelConfig.WithTaskShape"/> reads.</summary>
    public static TaskShape ShapeOf(ITask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskShape(task.Vocabulary.Count, task.InputWidth, task.SequenceLength, task.OutputWidth, task.TargetKind == TargetKind.Real);
    }

    /// <summary>The metrics.csv columns of a task's runs (after <c>step</c>).</summary>
    public static IReadOnlyList<string> MetricColumns(ITask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var columns = new List<string>();
        foreach (string split in new[] { "train", "test" })
        {
            columns.Add(split + "_loss");
            columns.AddRange(task.Metrics.Select(m => split + "_" + Evaluation.ColumnName(m)));
        }
        columns.AddRange(["sum_squared_weights", "learning_rate", "elapsed_seconds"]);
        return columns;
    }

    /// <summary>
    /// Trains from scratch into <paramref name="runDirectory"/>, which must be new or empty (or hold
    /// only a lock file and error logs): a folder holding a run, another run's leftovers or a user's
    /// files is refused, the last before anything is written to it.
    /// Cancelling writes a checkpoint at the current step and returns with status "stopped". The
    /// folder's lock is taken before anything is checked, so that two trainers started together
    /// cannot both find it empty; a folder made for the lock is removed again when the run fails
    /// before it writes anything (e.g. a train fraction that leaves no training example).
    /// </summary>
    /// <exception cref="RunLockedException">Another process is writing to <paramref name="runDirectory"/>.</exception>
    /// <exception cref="IOException">The folder holds a run already, or is not empty.</exception>
    public RunInfo Run(string runDirectory, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        using var writer = RunLock.Acquire(runDirectory);
        return Run(writer, progress, cancellation);
    }

    /// <summary>As <see cref="Run(string, IProgress{TrainingProgress}?, CancellationToken)"/>, in the folder of a lock the caller holds.</summary>
    public RunInfo Run(RunLock writer, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.ThrowIfReleased();
        string runDirectory = writer.Directory;
        if (File.Exists(Path.Combine(runDirectory, RunInfo.FileName)))
        {
            throw new IOException($"'{runDirectory}' already holds a run. Resume it with --resume {runDirectory}, or choose another --out.");
        }
        NewRunFolder.RefuseUnusable(runDirectory);
        return new Session(this, runDirectory).Execute(resume: false, progress, cancellation);
    }

    /// <summary>
    /// Continues a stopped or killed run from its newest whole checkpoint, to
    /// <paramref name="totalSteps"/> (default: the run's own length). Temporaries left by a writer
    /// killed mid-write are removed first.
    /// </summary>
    /// <exception cref="RunLockedException">Another process is writing to <paramref name="runDirectory"/>.</exception>
    public static RunInfo Resume(string runDirectory, Func<string, IReadOnlyDictionary<string, string>, ITask> createTask, int? totalSteps = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default,
        ITrainingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(createTask);
        using var writer = RunLock.Acquire(runDirectory, mustExist: true);
        return Resume(writer, createTask, totalSteps, progress, cancellation, observer);
    }

    /// <summary>
    /// As <see cref="Resume(string, Func{string, IReadOnlyDictionary{string, string}, ITask}, int?, IProgress{TrainingProgress}?, CancellationToken, ITrainingObserver?)"/>,
    /// in the folder of a lock the caller holds. <paramref name="observer"/> watches the resumed
    /// training as <see cref="Observer"/> does a new run's.
    /// </summary>
    public static RunInfo Resume(RunLock writer, Func<string, IReadOnlyDictionary<string, string>, ITask> createTask, int? totalSteps = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default,
        ITrainingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(createTask);
        writer.ThrowIfReleased();
        string runDirectory = writer.Directory;
        var info = RunInfo.Load(runDirectory);
        if (!File.Exists(Path.Combine(runDirectory, MetricsLog.FileName)))
        {
            // Every run writes metrics.csv before run.json; without it, resuming would start a new
            // history from the checkpoint and lose every row before it without a word.
            throw new FileNotFoundException($"'{runDirectory}' has {RunInfo.FileName} but no {MetricsLog.FileName}: resuming would lose the run's history. Restore {MetricsLog.FileName} from a copy, or start a new run with another --out.");
        }
        var training = totalSteps is null ? info.Training : info.Training with { Steps = totalSteps.Value };
        int? reached = new CheckpointStore(Path.Combine(runDirectory, "checkpoints")).ResumeStep();
        if (reached is { } at && training.Steps < at)
        {
            throw new ArgumentException($"'{runDirectory}' is already at step {at}; it cannot be resumed to {training.Steps} steps. Give --steps {at} or more (or leave it out to finish the run's own {info.Training.Steps}).");
        }
        var task = createTask(info.Task, info.TaskSettings);
        // The constructor would give the model the task's shape: an edited run.json must be refused
        // before that, and before its data is built.
        TaskModelCheck.EnsureFits(task, info.ModelConfig, Path.Combine(runDirectory, RunInfo.FileName));
        var trainer = new Trainer(task, info.ModelConfig, training)
        {
            Observer = observer,
            Mask = info.Mask is { } mask ? ParameterMask.Load(Path.Combine(runDirectory, mask)) : null,
            InitialWeights = info.InitialWeights is { } initial ? Path.Combine(runDirectory, initial) : null,
        };
        return new Session(trainer, runDirectory, info).Execute(resume: true, progress, cancellation);
    }

    /// <summary>One execution of the training loop over a run folder.</summary>
    private sealed class Session(Trainer trainer, string runDirectory, RunInfo? existing = null)
    {
        public RunInfo Execute(bool resume, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
        {
            var config = trainer.training;
            var task = trainer.task;
            TrainingMemory.EnsureFits(TrainingMemory.ForTraining(task, trainer.modelConfig, config), trainer.AvailableBytes(), trainer.modelConfig);
            var data = new TrainingData(task, config);
            var info = (existing ?? new RunInfo
            {
                Task = task.Name,
                TaskSettings = task.Settings.ToDictionary(kv => kv.Key, kv => kv.Value),
                TaskAssembly = TaskPlugins.LocationOf(task),
            }).WithModel(trainer.modelConfig) with
            {
                Training = config,
                TrainExamples = data.Train.Count,
                TestExamples = data.Test.Count,
                Threads = Parallelism.MaxThreads,
                Status = "running",
                Failure = null,
                Mask = trainer.Mask is null ? null : ParameterMask.FileName,
                InitialWeights = trainer.InitialWeights is null ? null : InitialWeightsFile,
                InitialWeightsSource = existing?.InitialWeightsSource ?? trainer.InitialWeights,
            };
            // Before anything is written: an observer that refuses the run leaves the folder as it was.
            trainer.Observer?.Begin(RunFolder.Planned(runDirectory, info, task));

            var model = ModelKinds.Create(trainer.modelConfig);
            StartingPoint(model, resume);
            var optimizer = new AdamW(model.TrainableTensors(), config.LearningRate, config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay);
            var checkpoints = new CheckpointStore(Path.Combine(runDirectory, "checkpoints"));
            var metrics = new MetricsLog(runDirectory, "step," + string.Join(",", MetricColumns(task)));
            int start = 0;
            double elapsedBefore = 0;
            if (resume && !checkpoints.HasResumeState)
            {
                // Killed after run.json but before its first checkpoint: nothing trained is lost,
                // and the run is a function of its settings, so it starts over from step 0.
                metrics.TruncateFrom(0);
            }
            else if (resume)
            {
                start = checkpoints.LoadResumeState(model, optimizer);
                metrics.RequireRowsBefore(start, config.LogEvery);
                metrics.TruncateFrom(start);
                elapsedBefore = metrics.Rows.Count == 0 ? 0 : metrics.Rows[^1].ElapsedSeconds;
            }
            var scheduler = new LearningRateScheduler(optimizer, LearningRateSchedules.Create(config), config.LearningRate);
            scheduler.Seek(start);
            trainer.Observer?.Start(start);
            info.Save(runDirectory);

            var clock = Stopwatch.StartNew();
            double Elapsed() => elapsedBefore + clock.Elapsed.TotalSeconds;
            int step = start;
            try
            {
                return Train(info, model, optimizer, scheduler, checkpoints, metrics, data, ref step, Elapsed, progress, cancellation);
            }
            catch (Exception e)
            {
                // A write that failed (a full disk, a folder made read-only) or anything else:
                // run.json must not go on saying "running". The newest whole checkpoint is still
                // there, so the run stays resumable once the cause is fixed.
                MarkFailed(info, e, step);
                throw;
            }
        }

        // A pruned run or one from given weights: load them, zero the removed entries, and (new runs
        // only) keep the mask and a copy of the weights beside run.json. A dense run from its seed
        // does nothing here.
        private void StartingPoint(IModel model, bool resume)
        {
            if (trainer.InitialWeights is { } initial)
            {
                ModelFile.LoadWeights(model, SafetensorsFile.Load(initial));
            }
            if (trainer.Mask is { } mask)
            {
                mask.EnsureFits(model);
                mask.ApplyToWeights(model);
            }
            if (resume)
            {
                return;
            }
            if (trainer.InitialWeights is { } source)
            {
                AtomicFile.WriteAllBytes(Path.Combine(runDirectory, InitialWeightsFile), File.ReadAllBytes(source));
            }
            trainer.Mask?.Save(Path.Combine(runDirectory, ParameterMask.FileName));
        }

        private RunInfo Train(RunInfo info, IModel model, AdamW optimizer, LearningRateScheduler scheduler, CheckpointStore checkpoints, MetricsLog metrics,
            TrainingData data, ref int step, Func<double> elapsed, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
        {
            var config = trainer.training;
            var task = trainer.task;
            MetricsRow? last = metrics.Rows.Count > 0 ? metrics.Rows[^1] : null;
            var observer = trainer.Observer;
            string status = "completed";
            for (; ; step++)
            {
                bool final = step == config.Steps;
                bool stopping = !final && cancellation.IsCancellationRequested;
                bool logging = final || stopping || step % config.LogEvery == 0;
                if (logging)
                {
                    last = Log(step, model, task, data, optimizer.LearningRate, elapsed());
                    metrics.Append(last);
                }
                if (final || stopping || step % config.CheckpointEvery == 0)
                {
                    checkpoints.SaveWeights(step, model);
                    checkpoints.SaveResumeState(step, model, optimizer);
                }
                if (observer is not null && (final || stopping || step % observer.Every == 0))
                {
                    observer.Observe(step, model, logging ? last : null);
                }
                if (final || stopping)
                {
                    status = stopping ? "stopped" : "completed";
                    break;
                }
                double trainLoss = TrainStep(model, optimizer, data.Batch(step), config.GradClipNorm, trainer.Mask);
                if (!double.IsFinite(trainLoss))
                {
                    // The weights were updated from a non-finite loss: nothing after this step means
                    // anything. Log it and stop, without a checkpoint (the last one is still whole).
                    step++;
                    metrics.Append(Log(step, model, task, data, optimizer.LearningRate, elapsed()));
                    status = "diverged";
                    progress?.Report(new TrainingProgress(step, config.Steps, trainLoss, last, TimeSpan.FromSeconds(elapsed())));
                    break;
                }
                scheduler.Step();
                progress?.Report(new TrainingProgress(step + 1, config.Steps, trainLoss, last, TimeSpan.FromSeconds(elapsed())));
            }

            var done = info with { Status = status, Summary = RunSummary.FromMetrics(metrics.Rows, step, elapsed()) };
            done.Save(runDirectory);
            return done;
        }

        private void MarkFailed(RunInfo info, Exception error, int step)
        {
            try
            {
                (info with
                {
                    Status = "failed",
                    Failure = $"{error.GetType().Name} at step {step}: {error.Message}",
                }).Save(runDirectory);
            }
            catch (Exception secondary) when (secondary is IOException or UnauthorizedAccessException)
            {
                // The disk may still be full; the first error is the one to report.
            }
        }

        private static MetricsRow Log(int step, IModel model, ITask task, TrainingData data, double lr, double elapsed)
        {
            var values = new List<KeyValuePair<string, double>>();
            foreach (var (split, examples) in new[] { ("train", data.Train), ("test", data.Test) })
            {
                var result = Evaluation.Evaluate(model, examples, task.Metrics);
                values.Add(new(split + "_loss", result.Loss));
                values.AddRange(task.Metrics.Select(m => new KeyValuePair<string, double>(split + "_" + Evaluation.ColumnName(m), result.Metrics[m])));
            }
            values.Add(new("sum_squared_weights", model.SquaredWeightSum()));
            values.Add(new("learning_rate", lr));
            values.Add(new("elapsed_seconds", elapsed));
            return new MetricsRow(step, values);
        }

        private static double TrainStep(IModel model, AdamW optimizer, Data.ExampleBatch batch, double? clip, ParameterMask? mask)
        {
            // Every activation and non-leaf gradient of the step comes from, and returns to, a pool:
            // no large-object-heap churn, no gen-2 collections in the loop. Only the loss (a double)
            // and the parameters' gradients (never pooled) outlive the scope.
            using var memory = MemoryScope.Begin();
            optimizer.ZeroGrad();
            int[] positions = batch.Targets.LossPositions();
            var outputs = model.Forward(batch.Input, ForwardOptions.AtPositions(positions)); // [batch, loss positions, width]
            var loss = TrainingLoss.Compute(outputs, batch.Targets, positions, out double lossValue);
            loss.Backward();
            // A removed entry gets no gradient (so clipping ignores it and AdamW's moments of it stay
            // zero), and is set to zero again after the step (so no decay or rounding moves it).
            mask?.ApplyToGradients(model);
            if (clip is { } maxNorm)
            {
                GradientClipping.ClipGlobalNorm(model.TrainableTensors(), maxNorm);
            }
            optimizer.Step();
            mask?.ApplyToWeights(model);
            return lossValue;
        }
    }
}
