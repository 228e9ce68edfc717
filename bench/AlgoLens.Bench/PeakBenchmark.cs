using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AlgoLens.Bench;

/// <summary>
/// The machine's single-precision FMA peak, measured rather than taken from a data sheet: a loop of
/// independent register-resident FMAs. Twelve accumulators cover latency × throughput on current
/// x86 cores (Zen 4: latency 4, one zmm or two ymm FMAs per cycle).
/// </summary>
internal static class PeakBenchmark
{
    private const int Accumulators = 12;

    /// <summary>Measured GFLOP/s with one thread and with every logical core.</summary>
    public readonly record struct Peak(string Width, double OneThread, double AllThreads, int Threads);

    private static float sink;

    public static void Run(string[] options)
    {
        _ = options;
        Console.WriteLine("FMA peak (GFLOP/s, best of 7 runs of ~0.2 s each)");
        Console.WriteLine($"{"vector",-10} {"1 thread",10} {$"{Environment.ProcessorCount} threads",10}");
        foreach (var peak in MeasureAll())
        {
            Console.WriteLine($"{peak.Width,-10} {peak.OneThread,10:F1} {peak.AllThreads,10:F1}");
        }
    }

    /// <summary>The peaks of every vector width this machine accelerates, widest first.</summary>
    public static List<Peak> MeasureAll()
    {
        var peaks = new List<Peak>();
        if (Avx512F.IsSupported)
        {
            peaks.Add(Measure("Vector512", Fma512, 16));
        }
        if (Fma.IsSupported)
        {
            peaks.Add(Measure("Vector256", Fma256, 8));
        }
        return peaks;
    }

    private static Peak Measure(string width, Func<long, float> kernel, int lanes)
    {
        double flopsPerIteration = 2.0 * lanes * Accumulators;
        kernel(1000);
        // Size the run to ~0.2 s on one thread.
        long iterations = 1_000_000;
        var probe = Stopwatch.StartNew();
        sink += kernel(iterations);
        iterations = (long)(iterations * 0.2 / Math.Max(probe.Elapsed.TotalSeconds, 1e-6));
        int threads = Environment.ProcessorCount;
        return new Peak(width,
            Best(kernel, iterations, 1) * flopsPerIteration / 1e9,
            Best(kernel, iterations, threads) * threads * flopsPerIteration / 1e9,
            threads);
    }

    /// <summary>Best iterations per second per thread over 7 runs with all threads started together.</summary>
    private static double Best(Func<long, float> kernel, long iterations, int threads)
    {
        double best = 0;
        for (int run = 0; run < 7; run++)
        {
            using var start = new Barrier(threads + 1);
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                workers[t] = new Thread(() =>
                {
                    start.SignalAndWait();
                    float result = kernel(iterations);
                    lock (workers)
                    {
                        sink += result;
                    }
                });
                workers[t].Start();
            }
            start.SignalAndWait();
            long begin = Stopwatch.GetTimestamp();
            foreach (var worker in workers)
            {
                worker.Join();
            }
            best = Math.Max(best, iterations / Stopwatch.GetElapsedTime(begin).TotalSeconds);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma512(long iterations)
    {
        // a ← a·x + y converges to y/(1-x) ≈ 1000: no overflow, no denormals, no constant folding.
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(0.001f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = Vector512.Create(2f), a2 = Vector512.Create(3f);
        Vector512<float> a3 = Vector512.Create(4f), a4 = Vector512.Create(5f), a5 = Vector512.Create(6f);
        Vector512<float> a6 = Vector512.Create(7f), a7 = Vector512.Create(8f), a8 = Vector512.Create(9f);
        Vector512<float> a9 = Vector512.Create(10f), a10 = Vector512.Create(11f), a11 = Vector512.Create(12f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, x, y);
            a1 = Avx512F.FusedMultiplyAdd(a1, x, y);
            a2 = Avx512F.FusedMultiplyAdd(a2, x, y);
            a3 = Avx512F.FusedMultiplyAdd(a3, x, y);
            a4 = Avx512F.FusedMultiplyAdd(a4, x, y);
            a5 = Avx512F.FusedMultiplyAdd(a5, x, y);
            a6 = Avx512F.FusedMultiplyAdd(a6, x, y);
            a7 = Avx512F.FusedMultiplyAdd(a7, x, y);
            a8 = Avx512F.FusedMultiplyAdd(a8, x, y);
            a9 = Avx512F.FusedMultiplyAdd(a9, x, y);
            a10 = Avx512F.FusedMultiplyAdd(a10, x, y);
            a11 = Avx512F.FusedMultiplyAdd(a11, x, y);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
        return Vector512.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma256(long iterations)
    {
        var x = Vector256.Create(0.999999f);
        var y = Vector256.Create(0.001f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = Vector256.Create(2f), a2 = Vector256.Create(3f);
        Vector256<float> a3 = Vector256.Create(4f), a4 = Vector256.Create(5f), a5 = Vector256.Create(6f);
        Vector256<float> a6 = Vector256.Create(7f), a7 = Vector256.Create(8f), a8 = Vector256.Create(9f);
        Vector256<float> a9 = Vector256.Create(10f), a10 = Vector256.Create(11f), a11 = Vector256.Create(12f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, x, y);
            a1 = Fma.MultiplyAdd(a1, x, y);
            a2 = Fma.MultiplyAdd(a2, x, y);
            a3 = Fma.MultiplyAdd(a3, x, y);
            a4 = Fma.MultiplyAdd(a4, x, y);
            a5 = Fma.MultiplyAdd(a5, x, y);
            a6 = Fma.MultiplyAdd(a6, x, y);
            a7 = Fma.MultiplyAdd(a7, x, y);
            a8 = Fma.MultiplyAdd(a8, x, y);
            a9 = Fma.MultiplyAdd(a9, x, y);
            a10 = Fma.MultiplyAdd(a10, x, y);
            a11 = Fma.MultiplyAdd(a11, x, y);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
        return Vector256.Sum(sum);
    }
}
