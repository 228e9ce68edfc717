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

    /// <summary>One call's work on a rented job.</summary>
    protected delegate void Call<TArgs>(TSelf job, in TArgs args);

    /// <summary>Rents a job (as <see cref="Rent"/>), runs <paramref name="call"/> on it and gives it
    /// back even when the call throws. Pass static lambdas: they are cached, so nothing is allocated.</summary>
    protected static void RunRented<TArgs>(Func<TSelf> create, Call<TArgs> call, in TArgs args)
    {
        var job = Rent(create);
        try
        {
            call(job, in args);
        }
        finally
        {
            job.Return();
        }
    }
}
