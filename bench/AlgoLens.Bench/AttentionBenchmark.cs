using AlgoLens.Models.Specialisations;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Bench;

/// <summary>
/// The first block's table attention (<see cref="TableOps.TableAttention"/>) as the grokking step runs
/// it: 3830 sequences "a b =", 229 (token, position) pairs, 4 heads of 32, d_model 128, one query
/// (position 2); forward, and forward + backward, 1 thread and all threads. <c>--d-out 512</c>
/// measures the MLP-wide tables the first MLP's folded input projection reads (the
/// attention's output then being the MLP's pre-activations).
/// </summary>
internal static class AttentionBenchmark
{
    private const int Batch = 3830, P = 113, Heads = 4, DHead = 32;

    public static void Run(string[] options)
    {
        if (options.Contains("--fused"))
        {
            RunFused(options);
            return;
        }
        int samples = options.Contains("--quick") ? 3 : 9;
        int at = Array.IndexOf(options, "--d-out");
        int DModel = at >= 0 && at + 1 < options.Length ? int.Parse(options[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 128;
        var rng = new Rng(3);
        int pairs = 2 * P + 1;
        var q = rng.Randn(pairs, Heads * DHead);
        var k = rng.Randn(pairs, Heads * DHead);
        var ov = rng.Randn(Heads, pairs, DModel);
        var residual = rng.Randn(pairs, DModel);
        foreach (var t in new[] { q, k, ov, residual })
        {
            t.RequiresGrad = true;
        }
        var slots = new int[Batch * 3];
        var pick = new System.Random(4);
        for (int b = 0; b < Batch; b++)
        {
            slots[3 * b] = pick.Next(P);
            slots[3 * b + 1] = P + pick.Next(P);
            slots[3 * b + 2] = 2 * P;
        }
        var weights = rng.Randn(Batch, 1, DModel);
        int[] queries = [2];

        void Forward()
        {
            using var scope = MemoryScope.Begin();
            using var _ = Tensor.NoGrad();
            TableOps.TableAttention(q, k, ov, residual, slots, 3, queries);
        }

        void ForwardBackward()
        {
            using var scope = MemoryScope.Begin();
            foreach (var t in new[] { q, k, ov, residual })
            {
                t.ZeroGrad();
            }
            Ops.SumAll(TableOps.TableAttention(q, k, ov, residual, slots, 3, queries) * weights).Backward();
        }

        Console.WriteLine($"table attention, {Batch} sequences of 3, {pairs} pairs, {Heads} heads of {DHead}, d_out {DModel}: median (best) of {samples} samples");
        foreach (var (name, action) in new[] { ("forward", (Action)Forward), ("forward+backward", ForwardBackward) })
        {
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                using var compute = ComputeContext.Use(new ComputeContext(threads));
                var timing = Harness.Measure(action, samples, warmupSeconds: 2);
                Console.WriteLine($"{name,-18} {threads} thr {timing.MedianSeconds * 1e3,8:F3} ms (best {timing.BestSeconds * 1e3:F3})");
            }
        }
    }

    /// <summary>
    /// <c>--fused</c>: <see cref="Ops.Attention"/> at the sequence shapes' size (batch 512 × 32
    /// positions, 4 heads of 32, every query), forward and forward + backward, 1 thread and all;
    /// samples kept under load (compare only side by side).
    /// </summary>
    private static void RunFused(string[] options)
    {
        int samples = options.Contains("--quick") ? 3 : 7;
        const int batch = 512, pos = 32;
        var rng = new Rng(5);
        var q = rng.Randn(batch, pos, Heads * DHead);
        var k = rng.Randn(batch, pos, Heads * DHead);
        var v = rng.Randn(batch, pos, Heads * DHead);
        foreach (var t in new[] { q, k, v })
        {
            t.RequiresGrad = true;
        }
        var weights = rng.Randn(batch, pos, Heads * DHead);
        void Forward()
        {
            using var scope = MemoryScope.Begin();
            using var _ = Tensor.NoGrad();
            Ops.Attention(q, k, v, Heads);
        }
        void ForwardBackward()
        {
            using var scope = MemoryScope.Begin();
            foreach (var t in new[] { q, k, v })
            {
                t.ZeroGrad();
            }
            Ops.SumAll(Ops.Attention(q, k, v, Heads) * weights).Backward();
        }
        Console.WriteLine($"fused attention, {batch} sequences of {pos}, {Heads} heads of {DHead}, causal, every query: median (best) of {samples} samples, kept under load");
        foreach (var (name, action) in new[] { ("forward", (Action)Forward), ("forward+backward", ForwardBackward) })
        {
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                using var compute = ComputeContext.Use(new ComputeContext(threads));
                var timing = Harness.MeasureUnfiltered(action, samples, minSampleSeconds: 0.2, warmupSeconds: 1);
                Console.WriteLine($"{name,-18} {threads} thr {timing.MedianSeconds * 1e3,8:F3} ms (best {timing.BestSeconds * 1e3:F3})");
            }
        }
    }
}
