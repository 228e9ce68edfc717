using System.Diagnostics;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Dedicated threads that run the helper side of <see cref="Parallelism.Cooperate"/>. After each
/// job a helper keeps polling for the next one for <see cref="SpinTime"/> before it blocks: a
/// training step forks twenty-odd times with short serial gaps between, and waking a blocked
/// thread is slow on a VM (measured during training steps on the project's 2-core VM, 2026-11-26:
/// 229 µs on average from queueing a thread-pool work item to its start, against regions of
/// 0.1-7 ms). A post never waits: a helper that is busy is skipped and the caller does more itself.
/// </summary>
internal static class HelperThreads
{
    /// <summary>How long an idle helper polls for work before it blocks.</summary>
    internal static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(2);

    private static readonly object GrowLock = new();
    private static volatile Helper[] helpers = [];

    /// <summary>Whether every helper (if any) is free and has passed its spin: it blocks, or is about
    /// to, until a post wakes it. Tests wait for this instead of sleeping.</summary>
    internal static bool AllAsleep => helpers.All(h => h.Asleep);

    /// <summary>Offers <paramref name="help"/> to up to <paramref name="count"/> idle helpers,
    /// starting helper threads the first time that many are asked for. A helper calls it with a
    /// callback that marks the helper idle, which the job must call before it signals its caller
    /// that this helper is done: a caller that forks again at once then finds the helper free.</summary>
    public static void Post(Action<Action> help, int count)
    {
        var pool = helpers;
        if (pool.Length < count)
        {
            pool = Grow(count);
        }
        int posted = 0;
        for (int i = 0; i < pool.Length && posted < count; i++)
        {
            if (pool[i].TryPost(help))
            {
                posted++;
            }
        }
    }

    private static Helper[] Grow(int count)
    {
        lock (GrowLock)
        {
            var pool = helpers;
            if (pool.Length < count)
            {
                var grown = new Helper[count];
                pool.CopyTo(grown, 0);
                for (int i = pool.Length; i < count; i++)
                {
                    grown[i] = new Helper(i);
                }
                helpers = pool = grown;
            }
            return pool;
        }
    }

    /// <summary>One helper thread and its one-job mailbox.</summary>
    private sealed class Helper
    {
        private static readonly long SpinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
        private readonly ManualResetEventSlim wake = new(false, spinCount: 0);
        private readonly Action markIdle;
        private Action<Action>? job;
        private int sleeping;
        private int busy;

        public Helper(int index)
        {
            markIdle = () => Volatile.Write(ref busy, 0);
            var thread = new Thread(Loop) { IsBackground = true, Name = $"AlgoLens helper {index + 1}" };
            // A helper belongs to no run: it must not keep the ComputeContext (or any other
            // async-local state) of the call that happened to start it; each job brings its own.
            using (ExecutionContext.SuppressFlow())
            {
                thread.Start();
            }
        }

        /// <summary>Free and past its spin: a post must wake it. (Asleep with a job posted but not
        /// yet taken is busy, not asleep.)</summary>
        public bool Asleep => Volatile.Read(ref busy) == 0 && Volatile.Read(ref sleeping) != 0;

        /// <summary>Hands the job over if this helper is idle; false if it is running another.</summary>
        public bool TryPost(Action<Action> help)
        {
            if (Interlocked.CompareExchange(ref busy, 1, 0) != 0)
            {
                return false;
            }
            // Publish, then look: with full fences on both sides either the helper sees the job
            // before it blocks, or this sees it blocking and wakes it (never neither).
            Interlocked.Exchange(ref job, help);
            if (Volatile.Read(ref sleeping) != 0)
            {
                wake.Set();
            }
            return true;
        }

        private void Loop()
        {
            while (true)
            {
                var help = WaitForJob();
                try
                {
                    help(markIdle);
                }
                catch
                {
                    // The team records its workers' exceptions; nothing may kill this thread.
                }
                finally
                {
                    markIdle();
                }
            }
        }

        private Action<Action> WaitForJob()
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (true)
            {
                var help = Interlocked.Exchange(ref job, null);
                if (help is not null)
                {
                    return help;
                }
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    // Stay on the core, but let any other ready thread (GC, JIT, the caller's
                    // neighbours on a busy machine) have it first.
                    Thread.SpinWait(20);
                    Thread.Yield();
                    continue;
                }
                Interlocked.Exchange(ref sleeping, 1);
                if (Volatile.Read(ref job) is null)
                {
                    wake.Wait();
                }
                wake.Reset();
                Interlocked.Exchange(ref sleeping, 0);
                deadline = Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
    }
}
