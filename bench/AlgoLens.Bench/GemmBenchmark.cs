using System.Globalization;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Bench;

/// <summary>
/// GEMM throughput for the shapes of the grokking model (p = 113, 3 positions, batch 3830 rows,
/// d_model 128, d_mlp 512), their backward variants, square references and the tiny batched
/// attention products, with 1 thread and all threads, next to the measured FMA peak.
/// </summary>
internal static class GemmBenchmark
{
    /// <summary>One product: op(A) is [M, K], op(B) is [K, N]; Batch &gt; 1 for batched products.</summary>
    private sealed record Case(string Name, bool TransA, bool TransB, int M, int N, int K, int Batch = 1)
    {
        public double Flops => 2.0 * M * N * K * Batch;
    }

    private static readonly Case[] Cases =
    [
        new("x[3830,128]·W_in[128,512]", false, false, 3830, 512, 128),
        new("h[3830,512]·W_out[512,128]", false, false, 3830, 128, 512),
        new("xᵀ[128,3830]·dh[3830,512]", true, false, 128, 512, 3830),
        new("hᵀ[512,3830]·dy[3830,128]", true, false, 512, 128, 3830),
        new("dh[3830,512]·W_inᵀ[512,128]", false, true, 3830, 128, 512),
        new("dy[3830,128]·W_outᵀ[128,512]", false, true, 3830, 512, 128),
        new("x[3830,128]·W_U[128,113]", false, false, 3830, 113, 128),
        new("g[3830,113]·W_Uᵀ[113,128]", false, true, 3830, 128, 113),
        new("xᵀ[128,3830]·g[3830,113]", true, false, 128, 113, 3830),
        new("square 512", false, false, 512, 512, 512),
        new("square 1024", false, false, 1024, 1024, 1024),
        new("batched q·kᵀ 15320×[3,32]·[32,3]", false, true, 3, 3, 32, 15320),
        new("batched p·v 15320×[3,3]·[3,32]", false, false, 3, 32, 3, 15320),
    ];

    public static void Run(string[] options)
    {
        int samples = options.Contains("--quick") ? 3 : 9;
        int at = Array.IndexOf(options, "--samples");
        if (at >= 0 && at + 1 < options.Length)
        {
            samples = int.Parse(options[at + 1], CultureInfo.InvariantCulture);
        }
        at = Array.IndexOf(options, "--only");
        string? only = at >= 0 && at + 1 < options.Length ? options[at + 1] : null;

        var peaks = PeakBenchmark.MeasureAll();
        var peak = peaks.Count > 0 ? peaks[0] : new PeakBenchmark.Peak("none", double.NaN, double.NaN, 1);
        Console.WriteLine($"FMA peak ({peak.Width}): {peak.OneThread:F1} GFLOP/s on 1 thread, {peak.AllThreads:F1} on {peak.Threads}");
        Console.WriteLine($"GEMM: median (best) of {samples} samples; % = median against the peak for that thread count");
        Console.WriteLine();
        var threadCounts = new[] { 1, Environment.ProcessorCount }.Distinct().ToArray();
        Console.Write($"{"product",-36} {"op",3}");
        foreach (int t in threadCounts)
        {
            Console.Write($" | {t} thr: {"ms",8} {"GFLOP/s",15} {"%",4}");
        }
        Console.WriteLine();

        foreach (var c in Cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            var action = Prepare(c);
            Console.Write($"{c.Name,-36} {(c.TransA ? "T" : "N")}{(c.TransB ? "T" : "N"),-2}");
            foreach (int t in threadCounts)
            {
                using var compute = ComputeContext.Use(new ComputeContext(t));
                var timing = Harness.Measure(action, samples);
                double median = c.Flops / timing.MedianSeconds / 1e9;
                double best = c.Flops / timing.BestSeconds / 1e9;
                double peakFor = t == 1 ? peak.OneThread : peak.AllThreads;
                string time = c.Batch > 1 ? $"{timing.MedianSeconds * 1e6:F0} µs" : $"{timing.MedianSeconds * 1e3:F2}";
                Console.Write($" | {t} thr: {time,8} {median,7:F1} ({best,5:F1}) {100 * median / peakFor,3:F0}%");
            }
            Console.WriteLine();
        }
    }

    private static Action Prepare(Case c)
    {
        var rng = new Random(1);
        float[] Fill(long length) => Enumerable.Range(0, (int)length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        int lda = c.TransA ? c.M : c.K;
        int ldb = c.TransB ? c.K : c.N;
        long sizeA = (long)c.M * c.K, sizeB = (long)c.K * c.N, sizeC = (long)c.M * c.N;
        var a = Fill(sizeA * c.Batch);
        var b = Fill(sizeB * c.Batch);
        var out_ = new float[sizeC * c.Batch];
        if (c.Batch == 1)
        {
            return () => Gemm.Multiply(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, out_, c.N, accumulate: false);
        }
        return () => Gemm.MultiplyBatched(c.Batch, c.TransA, c.TransB, c.M, c.N, c.K,
            a, lda, sizeA, b, ldb, sizeB, out_, c.N, sizeC, accumulate: false);
    }
}
