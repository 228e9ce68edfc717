using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Training;

/// <summary>
/// A run's data, as a function of the task and the run's seed alone: for an enumerated task the
/// seeded split of its examples (each step's batch a seeded choice among the training examples);
/// for a sampled task a fixed held-out test set and fresh training examples every step, drawn from
/// RNG streams derived from the seed and the step. Nothing here has state that a resumed run would
/// need to restore.
/// </summary>
public sealed class TrainingData
{
    /// <summary>The PCG32 stream of a sampled task's training batches (forked per step).</summary>
    public const ulong TrainStream = 0x7EA1_5A3B;

    /// <summary>The PCG32 stream of a sampled task's test set.</summary>
    public const ulong TestStream = 0x7E57_5E7;

    private readonly ISampledTask? sampled;
    private readonly BatchSampler? sampler;
    private readonly int batchSize;
    private readonly ulong seed;

    /// <summary>Builds the data of a run of <paramref name="task"/> with these settings.</summary>
    /// <exception cref="ArgumentException">The task is neither enumerated nor sampled, or the sizes cannot work.</exception>
    public TrainingData(ITask task, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(config);
        seed = (ulong)config.Seed;
        switch (task)
        {
            case IEnumeratedTask enumerated:
                var all = enumerated.Generate();
                var split = DataSplit.Create(all.Count, config.TrainFraction, seed);
                Train = all.SelectRows(split.Train);
                Test = all.SelectRows(split.Test);
                TrainIndices = split.Train;
                TestIndices = split.Test;
                sampler = new BatchSampler(Train.Count, config.BatchSize, config.Seed);
                IsFullBatch = sampler.IsFullBatch;
                break;
            case ISampledTask stream:
                if (config.BatchSize < 1)
                {
                    throw new ArgumentException($"Task '{task.Name}' samples fresh examples every step, so full batch means nothing; set a batch size (e.g. --batch-size 256).");
                }
                sampled = stream;
                batchSize = config.BatchSize;
                Test = stream.Sample(new Rng(seed, TestStream), config.TestExamples);
                // A fixed training sample to evaluate on (the stream's own batches are never reused).
                Train = stream.Sample(new Rng(seed, TrainStream).Fork(ulong.MaxValue), config.TestExamples);
                break;
            default:
                throw new ArgumentException($"Task '{task.Name}' neither enumerates its examples (IEnumeratedTask) nor samples them (ISampledTask).");
        }
    }

    /// <summary>
    /// The training examples (enumerated tasks), or a fixed sample of the training distribution
    /// to report train metrics on (sampled tasks).
    /// </summary>
    public ExampleBatch Train { get; }

    /// <summary>The held-out test examples.</summary>
    public ExampleBatch Test { get; }

    /// <summary>Indices of the training examples in the task's canonical order (enumerated tasks only).</summary>
    public int[]? TrainIndices { get; }

    /// <summary>Indices of the test examples in the task's canonical order (enumerated tasks only).</summary>
    public int[]? TestIndices { get; }

    /// <summary>True when every step trains on the whole training set.</summary>
    public bool IsFullBatch { get; }

    /// <summary>The examples step <paramref name="step"/> trains on: a pure function of the seed and the step.</summary>
    public ExampleBatch Batch(int step)
    {
        if (sampled is not null)
        {
            return sampled.Sample(new Rng(seed, TrainStream).Fork((ulong)step), batchSize);
        }
        return IsFullBatch ? Train : Train.SelectRows(sampler!.Batch(step));
    }
}
