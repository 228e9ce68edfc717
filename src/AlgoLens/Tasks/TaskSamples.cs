using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks;

/// <summary>
/// A few examples of a task to look at (<c>algolens tasks show</c>, the viewer, docs): a seeded
/// choice among an enumerated task's examples, or a seeded draw from a sampled task.
/// </summary>
public static class TaskSamples
{
    /// <summary>The PCG32 stream of the examples shown (separate from any training stream).</summary>
    public const ulong ShowStream = 0x5A3_F1E5;

    /// <summary><paramref name="count"/> examples of <paramref name="task"/> chosen by <paramref name="seed"/> (fewer if the task has fewer).</summary>
    public static ExampleBatch Draw(ITask task, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (count < 1)
        {
            throw new ArgumentException($"Asked for {count} samples; ask for at least 1.");
        }
        var rng = new Rng((ulong)seed, ShowStream);
        return task switch
        {
            ISampledTask sampled => sampled.Sample(rng, count),
            IEnumeratedTask enumerated => Choose(enumerated.Generate(), count, rng),
            _ => throw new ArgumentException($"Task '{task.Name}' neither enumerates nor samples its examples."),
        };
    }

    /// <summary>
    /// As <see cref="Draw"/>, a chunk of at most <paramref name="chunkSize"/> examples at a time, so
    /// that showing many examples holds one chunk, not all of them: <c>Count</c> is how many the
    /// chunks hold in all. A sampled task's chunks are drawn one after the other from the same
    /// stream, so a count up to <paramref name="chunkSize"/> gives exactly <see cref="Draw"/>'s
    /// examples; an enumerated task's choice is <see cref="Draw"/>'s whatever the count (its size
    /// bounds it).
    /// </summary>
    public static (int Count, IEnumerable<ExampleBatch> Chunks) DrawInChunks(ITask task, int count, int seed, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        if (count < 1)
        {
            throw new ArgumentException($"Asked for {count} samples; ask for at least 1.");
        }
        if (task is ISampledTask sampled)
        {
            return (count, SampledChunks(sampled, count, new Rng((ulong)seed, ShowStream), chunkSize));
        }
        var chosen = Draw(task, count, seed);
        return (chosen.Count, Slices(chosen, chunkSize));
    }

    private static IEnumerable<ExampleBatch> SampledChunks(ISampledTask task, int count, Rng rng, int chunkSize)
    {
        for (int done = 0; done < count; done += chunkSize)
        {
            yield return task.Sample(rng, Math.Min(chunkSize, count - done));
        }
    }

    private static IEnumerable<ExampleBatch> Slices(ExampleBatch all, int chunkSize)
    {
        if (all.Count <= chunkSize)
        {
            yield return all;
            yield break;
        }
        for (int start = 0; start < all.Count; start += chunkSize)
        {
            int[] rows = [.. Enumerable.Range(start, Math.Min(chunkSize, all.Count - start))];
            yield return all.SelectRows(rows);
        }
    }

    private static ExampleBatch Choose(ExampleBatch all, int count, Rng rng)
    {
        var order = rng.Permutation(all.Count);
        return all.SelectRows(order.AsSpan(0, Math.Min(count, all.Count)));
    }
}
