namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// A kernel's per-call state (schedules, packed buffers) reused across calls on each thread: a
/// call rents the thread's job, or a fresh one when that job is running (a re-entrant call from
/// a callback inside one of its own teams), so the hot path allocates nothing.
/// </summary>
internal abstract class ThreadCachedJob<TSelf>
    where TSelf : ThreadCachedJob<TSelf>
{
    [ThreadStatic]
    private static TSelf? cached;

    private bool busy;

    /// <summary>The calling thread's idle job, or <paramref name="create"/>() when it is busy;
    /// give it back with <see cref="Return"/>.</summary>
    protected static TSelf Rent(Func<TSelf> create)
    {
        var job = cached is { } idle && !idle.busy ? idle : create();
        cached ??= job;
        job.busy = true;
        return job;
    }

    /// <summary>Marks the job idle again.</summary>
    protected void Return() => busy = false;
}
