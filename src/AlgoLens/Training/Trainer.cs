using AlgoLens.Data;
using System.Diagnostics;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Optim;

namespace AlgoLens.Training;

/// <summary>
/// Trains a <see cref="HookedTransformer"/> on an algorithmic task into a run folder: run.json,
/// metrics.csv and checkpoints/. Deterministic: the same settings give bitwise the same run, and a
/// stopped or killed run resumed with <see cref="Resume"/> ends bitwise where an unbroken run would.
/// </summary>
public sealed class Trainer
{
    private readonly IAlgorithmicTask task;
    private readonly TrainingConfig training;
    private readonly HookedTransformerConfig modelConfig;

    /// <summary>
    /// Prepares a run. The model's d_vocab, d_vocab_out and n_ctx are taken from the task, and its
    /// seed from the training seed.
    /// </summary>
    public Trainer(IAlgorithmicTask task, HookedTransformerConfig model, TrainingConfig training)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        training.Validate();
        this.task = task;
        this.training = training;
        modelConfig = model with
        {
            DVocab = task.Vocabulary.Count,
            DVocabOut = task.OutputVocabulary,
            NCtx = task.SequenceLength,
            Seed = training.Seed,
        };
        modelConfig.Validate();
    }

    /// <summary>The model config actually used (shape fields from the task).</summary>
    public HookedTransformerConfig ModelConfig => modelConfig;

    /// <summary>
    /// Trains from scratch into <paramref name="runDirectory"/>, which must not already hold a run.
    /// Cancelling writes a checkpoint at the current step and returns with status "stopped".
    /// </summary>
    public RunInfo Run(string runDirectory, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (File.Exists(Path.Combine(runDirectory, RunInfo.FileName)))
        {
            throw new IOException($"'{runDirectory}' already holds a run. Resume it with --resume {runDirectory}, or choose another --out.");
        }
        Directory.CreateDirectory(runDirectory);
        return new Session(this, runDirectory).Execute(resume: false, progress, cancellation);
    }

    /// <summary>
    /// Continues a stopped or killed run from its newest whole checkpoint, to
    /// <paramref name="totalSteps"/> (default: the run's own length).
    /// </summary>
    public static RunInfo Resume(string runDirectory, Func<string, IReadOnlyDictionary<string, string>, IAlgorithmicTask> createTask, int? totalSteps = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(createTask);
        var info = RunInfo.Load(runDirectory);
        var training = totalSteps is null ? info.Training : info.Training with { Steps = totalSteps.Value };
        var trainer = new Trainer(createTask(info.Task, info.TaskSettings), info.Model, training);
        return new Session(trainer, runDirectory, info).Execute(resume: true, progress, cancellation);
    }

    /// <summary>One execution of the training loop over a run folder.</summary>
    private sealed class Session(Trainer trainer, string runDirectory, RunInfo? existing = null)
    {
        public RunInfo Execute(bool resume, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
        {
            var config = trainer.training;
            var data = trainer.task.Generate();
            var split = DataSplit.Create(data.Inputs.Batch, config.TrainFraction, (ulong)config.Seed);
            int[] lossPositions = trainer.task.LossPositions.ToArray();
            var train = new ExampleSet(data, split.Train, lossPositions.Length);
            var test = new ExampleSet(data, split.Test, lossPositions.Length);
            var sampler = new BatchSampler(train.Count, config.BatchSize, config.Seed);

            var model = new HookedTransformer(trainer.modelConfig);
            var optimizer = new AdamW(model.TrainableParameters, config.LearningRate, config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay);
            var checkpoints = new CheckpointStore(Path.Combine(runDirectory, "checkpoints"));
            var metrics = new MetricsLog(runDirectory);
            int start = 0;
            double elapsedBefore = 0;
            if (resume)
            {
                start = checkpoints.LoadResumeState(model, optimizer);
                metrics.TruncateFrom(start);
                elapsedBefore = metrics.Rows.Count == 0 ? 0 : metrics.Rows[^1].ElapsedSeconds;
            }
            var scheduler = new LearningRateScheduler(optimizer, new LinearWarmupSchedule(config.WarmupSteps), config.LearningRate);
            scheduler.Seek(start);

            var info = (existing ?? new RunInfo
            {
                Task = trainer.task.Name,
                TaskSettings = trainer.task.Settings.ToDictionary(kv => kv.Key, kv => kv.Value),
            }) with
            {
                Model = trainer.modelConfig,
                Training = config,
                TrainExamples = train.Count,
                TestExamples = test.Count,
                Threads = Parallelism.MaxThreads,
                Status = "running",
            };
            info.Save(runDirectory);

            var clock = Stopwatch.StartNew();
            double Elapsed() => elapsedBefore + clock.Elapsed.TotalSeconds;
            MetricsRow? last = metrics.Rows.Count > 0 ? metrics.Rows[^1] : null;
            int step = start;
            double trainLoss = double.NaN;
            string status = "completed";
            for (; ; step++)
            {
                bool final = step == config.Steps;
                bool stopping = !final && cancellation.IsCancellationRequested;
                if (final || stopping || step % config.LogEvery == 0)
                {
                    last = Log(step, model, train, test, lossPositions, optimizer.LearningRate, Elapsed());
                    metrics.Append(last);
                }
                if (final || stopping || step % config.CheckpointEvery == 0)
                {
                    checkpoints.SaveWeights(step, model);
                    checkpoints.SaveResumeState(step, model, optimizer);
                }
                if (final || stopping)
                {
                    status = stopping ? "stopped" : "completed";
                    break;
                }
                trainLoss = TrainStep(model, optimizer, train, sampler.Batch(step), lossPositions, config.GradClipNorm);
                scheduler.Step();
                progress?.Report(new TrainingProgress(step + 1, config.Steps, trainLoss, last, TimeSpan.FromSeconds(Elapsed())));
            }

            var done = info with { Status = status, Summary = RunSummary.FromMetrics(metrics.Rows, step, Elapsed()) };
            done.Save(runDirectory);
            return done;
        }

        private static MetricsRow Log(int step, HookedTransformer model, ExampleSet train, ExampleSet test, int[] lossPositions, double lr, double elapsed)
        {
            var (trainLoss, trainAcc) = Evaluation.Evaluate(model, train, lossPositions);
            var (testLoss, testAcc) = Evaluation.Evaluate(model, test, lossPositions);
            return new MetricsRow(step, trainLoss, trainAcc, testLoss, testAcc, model.SumOfSquaredWeights(), lr, elapsed);
        }

        private static double TrainStep(HookedTransformer model, AdamW optimizer, ExampleSet train, int[] batchPositions, int[] lossPositions, double? clip)
        {
            // Every activation and non-leaf gradient of the step comes from, and returns to, a pool:
            // no large-object-heap churn, no gen-2 collections in the loop. Only the loss (a double)
            // and the parameters' gradients (never pooled) outlive the scope.
            using var memory = MemoryScope.Begin();
            optimizer.ZeroGrad();
            TokenBatch inputs;
            int[] labels;
            if (batchPositions.Length == train.Count)
            {
                (inputs, labels) = (train.Inputs, train.Labels);
            }
            else
            {
                (inputs, labels) = Gather(train, batchPositions, lossPositions.Length);
            }
            var logits = model.ForwardAtPositions(inputs, lossPositions); // [batch, loss positions, vocab]
            var loss = Ops.CrossEntropy(Ops.Reshape(logits, inputs.Batch * lossPositions.Length, -1), labels, out double lossValue);
            loss.Backward();
            if (clip is { } maxNorm)
            {
                GradientClipping.ClipGlobalNorm(model.TrainableParameters, maxNorm);
            }
            optimizer.Step();
            return lossValue;
        }

        private static (TokenBatch, int[]) Gather(ExampleSet set, int[] positions, int labelsPerExample)
        {
            int seq = set.Inputs.Positions;
            var ids = new int[positions.Length * seq];
            var labels = new int[positions.Length * labelsPerExample];
            for (int i = 0; i < positions.Length; i++)
            {
                Array.Copy(set.Inputs.Ids, positions[i] * seq, ids, i * seq, seq);
                Array.Copy(set.Labels, positions[i] * labelsPerExample, labels, i * labelsPerExample, labelsPerExample);
            }
            return (new TokenBatch(ids, positions.Length, seq), labels);
        }
    }
}
