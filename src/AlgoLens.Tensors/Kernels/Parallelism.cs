namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Process-wide thread budget for kernels. Work is always cut into the same chunks whatever the
/// thread count, and each chunk writes only its own outputs, so results are bitwise identical for
/// 1, 2 or N threads: threads change who computes a chunk, never how it is computed.
/// </summary>
public static class Parallelism
{
    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>Largest number of threads a kernel may use (at least 1). Defaults to the core count.</summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxThreads));
            maxThreads = value;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every chunk index in [0, <paramref name="chunkCount"/>),
    /// in parallel when more than one thread is allowed and the chunk count is above one.
    /// </summary>
    public static void For(int chunkCount, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int threads = Math.Min(maxThreads, chunkCount);
        if (threads <= 1)
        {
            for (int i = 0; i < chunkCount; i++)
            {
                body(i);
            }
            return;
        }
        Parallel.For(0, chunkCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    /// <summary>
    /// Runs <paramref name="body"/> over [0, <paramref name="count"/>) in fixed ranges of
    /// <paramref name="grain"/> items (the last may be shorter); <c>body(start, end)</c>.
    /// </summary>
    public static void ForRanges(int count, int grain, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(grain, 1);
        int chunks = (count + grain - 1) / grain;
        if (chunks <= 1 || maxThreads <= 1)
        {
            body(0, count);
            return;
        }
        For(chunks, chunk =>
        {
            int start = chunk * grain;
            body(start, Math.Min(count, start + grain));
        });
    }
}
