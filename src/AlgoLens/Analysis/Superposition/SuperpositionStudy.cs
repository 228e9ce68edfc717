using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// Trains a toy-models-of-superposition study into an ordinary run folder (toy-superposition on
/// sparse-features, one instance per setting), analyses its checkpoints and returns every instance's
/// geometry at the end: what <c>algolens superposition</c> runs.
/// </summary>
public static class SuperpositionStudy
{
    /// <summary>The task of the study: instances ordered by importance decay, then sparsity, then copy.</summary>
    public static SparseFeaturesTask Task(SuperpositionStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var decays = options.ImportanceDecays ?? [SparseFeaturesTask.DefaultImportanceDecay];
        var sparsity = new List<double>();
        var decay = new List<double>();
        foreach (double r in decays)
        {
            foreach (double s in options.Sparsities)
            {
                for (int copy = 0; copy < options.Copies; copy++)
                {
                    sparsity.Add(s);
                    decay.Add(r);
                }
            }
        }
        // Without --importance-decay the task keeps its own default (and its settings say nothing of it).
        return new SparseFeaturesTask(options.Features, sparsity.Count, sparsity, options.ImportanceDecays is null ? null : decay);
    }

    /// <summary>The model: m hidden dimensions, ReLU output (the task sets n and the instance count).</summary>
    public static ToySuperpositionConfig Model(SuperpositionStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ToySuperpositionConfig { NFeatures = options.Features, DHidden = options.Dims, NInstances = options.InstanceCount };
    }

    /// <summary>The notebook's training: Adam at the rate given, β2 = 0.999, no decay or warm-up; ten checkpoints.</summary>
    public static TrainingConfig Training(SuperpositionStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TrainingConfig
        {
            Steps = options.Steps,
            LearningRate = options.LearningRate,
            WeightDecay = 0,
            Beta1 = 0.9,
            Beta2 = 0.999,
            WarmupSteps = 0,
            BatchSize = options.BatchSize,
            Seed = options.Seed,
            LogEvery = Math.Max(1, options.Steps / 20),
            CheckpointEvery = Math.Max(1, options.Steps / 10),
        };
    }

    /// <summary>
    /// Trains the study in <paramref name="writer"/>'s folder (which must hold no run), analyses every
    /// checkpoint with the registered measures and returns the final geometry of each instance.
    /// </summary>
    public static IReadOnlyList<InstanceGeometry> Run(RunLock writer, SuperpositionStudyOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var trainer = new Trainer(Task(options), Model(options), Training(options));
        var info = trainer.Run(writer, progress, cancellation);
        if (info.Status != "completed")
        {
            throw new OperationCanceledException($"Training stopped at step {info.Summary?.StepsCompleted} ({info.Status}); the study's geometry is that of a finished run.");
        }
        RunAnalyzer.Analyze(writer, cancellation: cancellation);
        return Artefacts.Read<InstanceGeometry[]>(writer.Directory, SuperpositionMeasure.MeasureName);
    }

    /// <summary>The geometry of a trained study's checkpoint (default the last), read from its run folder.</summary>
    public static IReadOnlyList<InstanceGeometry> Of(string runDirectory, int? step = null)
    {
        var run = RunFolder.Open(runDirectory);
        if (run.Task is not SparseFeaturesTask task || run.LoadModel(step) is not ToySuperpositionModel model)
        {
            throw new ArgumentException($"'{runDirectory}' is not a toy-superposition run on sparse-features; train one with `algolens superposition`.");
        }
        return ToyModelGeometry.Of(model, task);
    }
}
