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

    private static ExampleBatch Choose(ExampleBatch all, int count, Rng rng)
    {
        var order = rng.Permutation(all.Count);
        return all.SelectRows(order.AsSpan(0, Math.Min(count, all.Count)));
    }
}
