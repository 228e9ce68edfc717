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
    private static (int[] Runs, HashSet<int> Threads) RunTeam(int threads, int items, Action? perItem = null)
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
                perItem?.Invoke();
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
            bool helped = false;
            for (int attempt = 0; attempt < 5 && !helped; attempt++)
            {
                // Idle well past the spin time, so the helper has blocked.
                Thread.Sleep(HelperThreads.SpinTime * 5);
                var (runs, threads) = RunTeam(2, 200, () => Thread.SpinWait(20_000));
                Assert.All(runs, count => Assert.Equal(1, count));
                helped = threads.Count == 2;
            }
            Assert.True(helped, "the sleeping helper never took part in 5 teams of ~200 slow items");
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
            Assert.True(Task.WaitAll(callers, TimeSpan.FromMinutes(2)), "concurrent Cooperate calls did not finish");
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
