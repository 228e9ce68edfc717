using AlgoLens.Tensors.Random;

namespace AlgoLens.Training;

/// <summary>
/// Which training examples each step uses. Full batch: all of them, every step. Minibatches: each
/// epoch is a fresh permutation drawn from the seed and the epoch number, cut into consecutive
/// batches (the last partial batch of an epoch is dropped). The batch is a pure function of
/// (seed, step), so a resumed run needs no sampler state to continue bitwise.
/// </summary>
public sealed class BatchSampler
{
    private const ulong BatchStream = 0xBA7C4E5;
    private readonly int trainCount;
    private readonly int batchSize;
    private readonly ulong seed;
    private int cachedEpoch = -1;
    private int[] permutation = [];

    /// <summary>Creates the sampler; <paramref name="batchSize"/> 0 (or ≥ the train size) means full batch.</summary>
    public BatchSampler(int trainCount, int batchSize, int seed)
    {
        this.trainCount = trainCount;
        this.batchSize = batchSize <= 0 || batchSize >= trainCount ? trainCount : batchSize;
        this.seed = (ulong)seed;
    }

    /// <summary>True when every step uses the whole training set.</summary>
    public bool IsFullBatch => batchSize == trainCount;

    /// <summary>Positions (into the training set) of the examples for a step.</summary>
    public int[] Batch(int step)
    {
        if (IsFullBatch)
        {
            return Enumerable.Range(0, trainCount).ToArray();
        }
        int perEpoch = trainCount / batchSize;
        int epoch = step / perEpoch;
        if (epoch != cachedEpoch)
        {
            permutation = new Rng(seed, BatchStream).Fork((ulong)epoch).Permutation(trainCount);
            cachedEpoch = epoch;
        }
        return permutation.AsSpan((step % perEpoch) * batchSize, batchSize).ToArray();
    }
}
