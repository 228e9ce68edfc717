using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="Parallelism.Cooperate"/>, the fork that the packed GEMM and the batched products run on.
/// </summary>
[Collection("Parallelism")]
public class GemmTeamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cooperate_RunsEveryClaimedItemExactlyOnce(int threads)
    {
        const int items = 20_000;
        var runs = new int[items];
        int next = 0;
        using (ComputeContext.Use(new ComputeContext(threads)))
        {
            Parallelism.Cooperate(threads, () =>
            {
                int item;
                while ((item = Interlocked.Increment(ref next) - 1) < items)
                {
                    Interlocked.Increment(ref runs[item]);
                }
            });
        }

        Assert.All(runs, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Cooperate_OneThread_RunsOnTheCaller()
    {
        int caller = Environment.CurrentManagedThreadId;
        var seen = new List<int>();

        Parallelism.Cooperate(1, () => seen.Add(Environment.CurrentManagedThreadId));

        Assert.Equal([caller], seen);
    }

    [Fact]
    public void Cooperate_WorkerException_IsRethrownAfterTheTeamStops()
    {
        using (ComputeContext.Use(new ComputeContext(2)))
        {
            int calls = 0;
            var ex = Assert.Throws<InvalidOperationException>(() => Parallelism.Cooperate(2, () =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("worker failed");
                }
            }));

            Assert.Equal("worker failed", ex.Message);
        }
    }
}
