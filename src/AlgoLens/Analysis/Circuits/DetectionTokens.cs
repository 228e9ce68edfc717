using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// The token sequences the detectors read when the user gives none: repeated random halves, as
/// TransformerLens's induction demos use. Each sequence is [BOS] x1..xL x1..xL with L =
/// min(⌊(n_ctx − b)/2⌋, <see cref="MaxHalf"/>) (b = 1 with a BOS), the x drawn uniformly with replacement from a seeded
/// <see cref="Rng"/>. With a task, the x are its input tokens other than BOS and padding, and the
/// sequence opens with BOS when the task has a token of that name (as <c>repeat</c> does); without
/// one, the x are every id 0..d_vocab − 1 and there is no BOS.
/// </summary>
public static class DetectionTokens
{
    /// <summary>The longest half drawn: longer contexts are read in their first 2·64 (+ BOS) positions, which keeps the attention patterns small.</summary>
    public const int MaxHalf = 64;

    /// <summary>Sequences drawn by default.</summary>
    public const int DefaultSequences = 32;

    /// <summary>The seed of the draw (the same tokens every time, so checkpoints compare).</summary>
    public const ulong Seed = 0;

    /// <summary>The repeated random halves for a model with context <paramref name="nCtx"/> and vocabulary <paramref name="dVocab"/>.</summary>
    public static TokenBatch RepeatedHalves(int nCtx, int dVocab, ITask? task = null, int sequences = DefaultSequences, ulong seed = Seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        int? bos = null;
        int[] pool;
        if (task is not null && task.Vocabulary.Count > 0)
        {
            var names = task.Vocabulary.Names;
            int bosIndex = names.ToList().IndexOf("BOS");
            bos = bosIndex >= 0 && bosIndex < dVocab ? bosIndex : null;
            pool = Enumerable.Range(0, Math.Min(names.Count, dVocab)).Where(id => id != bos && id != task.Vocabulary.PadToken).ToArray();
        }
        else
        {
            pool = Enumerable.Range(0, dVocab).ToArray();
        }
        int half = Math.Min(MaxHalf, (nCtx - (bos is null ? 0 : 1)) / 2);
        if (half < 1 || pool.Length == 0)
        {
            throw new ArgumentException($"A context of {nCtx} positions (with {pool.Length} drawable tokens) has no room for a repeated half; give tokens with --tokens.");
        }
        var rng = new Rng(seed);
        var rows = new List<IReadOnlyList<int>>(sequences);
        for (int s = 0; s < sequences; s++)
        {
            var x = new int[half];
            for (int i = 0; i < half; i++)
            {
                x[i] = pool[rng.NextInt(pool.Length)];
            }
            rows.Add(bos is { } b ? [b, .. x, .. x] : [.. x, .. x]);
        }
        return TokenBatch.FromRows(rows);
    }
}
