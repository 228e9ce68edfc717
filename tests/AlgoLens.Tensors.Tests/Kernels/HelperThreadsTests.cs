using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// The dedicated helper threads behind <see cref="Parallelism.Cooperate"/> and
/// <see cref="Parallelism.For"/>: woken from sleep, shared by concurrent callers, nested, failing.
/// </summary>
[Collection("Parallelism")]
public class HelperThreadsTests
{
    private static void WithThreads(int threads, Action body)
    {
        using (ComputeContext.Use(new ComputeContext(threads)))
        {
            body();
        }
    }

    // Runs `items` claimed items on a team and returns how often each ran and which threads ran them.
    private static (int[] Runs, HashSet<int> Threads) RunTeam(int threads, int items)
    {
        var runs = new int[items];
        var seen = new HashSet<int>();
        int next = 0;
        Parallelism.Cooperate(threads, () =>
        {
            int item;
            while ((item = Interlocked.Increment(ref next) - 1) < items)
            {
                Interlocked.Increment(ref runs[item]);
                lock (seen)
                {
                    seen.Add(Environment.CurrentManagedThreadId);
                }
            }
        });
        return (runs, seen);
    }

    [Fact]
    public void AHelperAsleepAfterItsSpinIsWokenAndJoins()
    {
        WithThreads(2, () =>
        {
            RunTeam(2, 1); // the helper exists
            // The probe posts once every helper is past its spin and blocking: it must wake one.
            bool ran = false;
            HelperProbe.RunOnAHelper(() => ran = true);
            Assert.True(ran);
        });
    }

    [Fact]
    public void ConcurrentCallersEachRunEveryItemOnce()
    {
        WithThreads(3, () =>
        {
            var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (int round = 0; round < 300; round++)
                {
                    var (runs, _) = RunTeam(3, 64);
                    Assert.All(runs, count => Assert.Equal(1, count));
                }
            })).ToArray();
            Assert.True(Task.WaitAll(callers, Bounded.Timeout), "concurrent Cooperate calls did not finish");
        });
    }

    [Fact]
    public void NestedTeamsFinish()
    {
        WithThreads(2, () =>
        {
            int inner = 0;
            Parallelism.For(8, _ => Parallelism.For(8, _ => Interlocked.Increment(ref inner)));
            Assert.Equal(64, inner);
        });
    }

    [Fact]
    public void ForRethrowsAChunksExceptionUnwrapped()
    {
        WithThreads(2, () =>
        {
            var ex = Assert.Throws<ArgumentException>(() => Parallelism.For(100, i =>
            {
                if (i == 37)
                {
                    throw new ArgumentException("chunk 37");
                }
            }));
            Assert.Equal("chunk 37", ex.Message);

            // The helpers survive a failed team.
            var (runs, _) = RunTeam(2, 1000);
            Assert.All(runs, count => Assert.Equal(1, count));
        });
    }
}
