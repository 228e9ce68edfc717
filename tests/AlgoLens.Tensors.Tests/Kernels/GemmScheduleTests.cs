using AlgoLens.Tensors.Kernels;
using static AlgoLens.Tensors.Tests.Kernels.GemmTestData;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// The packed GEMM's shared schedule (threads claim pack and tile items; items wait on earlier
/// ones) under many thread interleavings: it must finish and give the single-thread bits.
/// </summary>
[Collection("Parallelism")]
public class GemmScheduleTests
{
    [Fact]
    public void Multiply_NarrowLastPanel_ManyRunsFinishWithTheSameBits()
    {
        const bool transA = false, transB = false;
        // Two panels (the second 4 columns wide, so its tiles finish in a blink) and two K blocks:
        // the interleaving where a tile's block of the second panel finishes before its last block
        // of the first panel used to leave the next block waiting forever (before the fix, this
        // test hung in 4 of 4 tries; 5,000 runs take a few seconds).
        const int m = 13, n = 4100, k = 300, runs = 5000;
        var a = RandomValues(m * k, 30);
        var b = RandomValues(k * n, 31);
        var expected = new float[m * n];
        using (ComputeContext.Use(new ComputeContext(1)))
        {
            Gemm.Multiply(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, expected, n, accumulate: false);
        }

        // More threads than cores, so threads get preempted mid-item. A schedule that never
        // finishes hangs here, and the test run's hang timeout (Directory.Build.props) fails it by
        // name; no wall-clock limit in the test itself, which a loaded machine would trip.
        using (ComputeContext.Use(new ComputeContext(Environment.ProcessorCount + 2)))
        {
            var c = new float[m * n];
            for (int run = 0; run < runs; run++)
            {
                Gemm.Multiply(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n, accumulate: false);
                AssertBitwiseEqual(expected, c, $"run {run}");
            }
        }
    }
}
