namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// How kernels spread work over threads, within the thread budget of the current
/// <see cref="ComputeContext"/>. Work is always cut into the same chunks whatever the thread count,
/// and each chunk writes only its own outputs, so results are bitwise identical for 1, 2 or N
/// threads: threads change who computes a chunk, never how it is computed.
/// </summary>
public static class Parallelism
{
    /// <summary>Largest number of threads a kernel may use here: the current
    /// <see cref="ComputeContext"/>'s <see cref="ComputeContext.Threads"/> (set it with
    /// <see cref="ComputeContext.Use"/>).</summary>
    public static int MaxThreads => ComputeContext.Current.Threads;

    /// <summary>
    /// Runs <paramref name="body"/> for every chunk index in [0, <paramref name="chunkCount"/>),
    /// in parallel when more than one thread is allowed and the chunk count is above one.
    /// </summary>
    /// <remarks>Threads claim chunks in order on a <see cref="Cooperate"/> team; an exception from
    /// a chunk is rethrown (unwrapped) once every started thread has stopped.</remarks>
    public static void For(int chunkCount, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int threads = Math.Min(MaxThreads, chunkCount);
        if (threads <= 1)
        {
            for (int i = 0; i < chunkCount; i++)
            {
                body(i);
            }
            return;
        }
        int next = 0;
        Cooperate(threads, () =>
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref next) - 1) < chunkCount)
            {
                body(chunk);
            }
        });
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
        if (chunks <= 1 || MaxThreads <= 1)
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

    /// <summary>
    /// Runs <paramref name="worker"/> on the calling thread and on up to
    /// min(<paramref name="threads"/>, <see cref="MaxThreads"/>) − 1 idle helper threads at once
    /// (<see cref="HelperThreads"/>), and returns when the calling thread's call and every helper
    /// call that started have returned.
    /// The worker must claim its own work (an <see cref="Interlocked"/> counter, say) and return
    /// when none is left. The caller never waits for a helper that is still waking up once the
    /// work is gone, and the workers can wait on each other's items between phases instead of
    /// paying a fork-join per phase.
    /// </summary>
    /// <remarks>A helper that starts after the caller's call has returned does not run the
    /// worker, so its state may be reused as soon as this method returns. An exception from any call
    /// is rethrown here after all started calls have returned.</remarks>
    public static void Cooperate(int threads, Action worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var context = ComputeContext.Current;
        int helpers = Math.Min(context.Threads, threads) - 1;
        if (helpers <= 0)
        {
            worker();
            return;
        }
        var team = new Team(worker, context);
        HelperThreads.Post(team.Help, helpers);
        try
        {
            worker();
        }
        finally
        {
            team.Close();
        }
        team.ThrowIfFaulted();
    }

    /// <summary>State shared by the calls of one <see cref="Cooperate"/>.</summary>
    /// <remarks>Helpers run the worker in the caller's <see cref="ComputeContext"/>, so that a
    /// kernel called inside it uses the caller's budget, not whatever the helper thread last saw.</remarks>
    private sealed class Team(Action worker, ComputeContext context)
    {
        private int active;
        private int closed;
        private Exception? error;

        public void Help(Action markHelperIdle)
        {
            // Announce first, then look: with full fences on both sides either Close sees this
            // helper as active, or this helper sees the team closed (or both), never neither.
            Interlocked.Increment(ref active);
            try
            {
                if (Volatile.Read(ref closed) == 0)
                {
                    ComputeContext.EnterOnHelper(context);
                    worker();
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, e, null);
            }
            finally
            {
                // Idle first: the caller may fork again the moment it sees this helper gone.
                markHelperIdle();
                Interlocked.Decrement(ref active);
            }
        }

        public void Close()
        {
            Interlocked.Exchange(ref closed, 1);
            var spin = new SpinWait();
            while (Volatile.Read(ref active) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        public void ThrowIfFaulted()
        {
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
    }
}
