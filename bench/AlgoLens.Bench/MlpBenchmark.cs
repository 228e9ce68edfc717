using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Bench;

/// <summary>
/// The grokking model's ReLU MLP (3830 rows, d_model 128, d_mlp 512, residual) on its own: forward,
/// and forward + backward, chunked (<see cref="MlpKernel"/>) against the six whole-matrix
/// products, 1 thread and all threads. 1.00 GFLOP forward, 3.01 with the backward.
/// </summary>
internal static class MlpBenchmark
{
    private const int Rows = 3830, DModel = 128, DMlp = 512;

    public static void Run(string[] options)
    {
        int samples = options.Contains("--quick") ? 3 : 9;
        string? only = OptionValue(options, "--only"); // e.g. "forward", "chunked", "backward/chunked/1"
        var rng = new Rng(1);
        var x = rng.Randn(Rows, DModel);
        var wIn = rng.RandNormal([DModel, DMlp], 0f, 1f / MathF.Sqrt(DModel));
        var wOut = rng.RandNormal([DMlp, DModel], 0f, 1f / MathF.Sqrt(DMlp));
        var bIn = Tensor.Zeros(DMlp);
        var bOut = Tensor.Zeros(DModel);
        var weights = rng.Randn(Rows, DModel);
        foreach (var t in new[] { x, wIn, wOut, bIn })
        {
            t.RequiresGrad = true;
        }
        double forwardFlops = 2.0 * 2 * Rows * DModel * DMlp;

        bool chunked = true; // passed with each call: the chunked kernel or the whole-matrix products

        void Forward()
        {
            using var scope = MemoryScope.Begin();
            using var _ = Tensor.NoGrad();
            Ops.ReluMlp(x, wIn, bIn, wOut, bOut, x, chunked);
        }

        void ForwardRecording()
        {
            using var scope = MemoryScope.Begin();
            Ops.ReluMlp(x, wIn, bIn, wOut, bOut, x, chunked);
        }

        void ForwardBackward()
        {
            using var scope = MemoryScope.Begin();
            foreach (var t in new[] { x, wIn, wOut, bIn })
            {
                t.ZeroGrad();
            }
            Ops.SumAll(Ops.ReluMlp(x, wIn, bIn, wOut, bOut, x, chunked) * weights).Backward();
        }

        Console.WriteLine($"ReLU MLP [{Rows}, {DModel}] → {DMlp} → {DModel} + residual: median (best) of {samples} samples");
        Console.WriteLine($"{"pass",-18} {"path",-13} {"threads",7} {"ms",8} {"best",8} {"GFLOP/s",8}");
        foreach (var (name, action, flops) in new[] { ("forward", (Action)Forward, forwardFlops), ("forward+record", ForwardRecording, forwardFlops), ("forward+backward", ForwardBackward, 3 * forwardFlops) })
        {
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                foreach (bool useChunked in new[] { false, true })
                {
                    string label = $"{name}/{(useChunked ? "chunked" : "whole")}/{threads}";
                    if (only is not null && !label.Contains(only, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    using var compute = ComputeContext.Use(new ComputeContext(threads));
                    chunked = useChunked;
                    var timing = Harness.Measure(action, samples, warmupSeconds: 2);
                    Console.WriteLine($"{name,-18} {(useChunked ? "chunked" : "whole-matrix"),-13} {threads,7} {timing.MedianSeconds * 1e3,8:F2} {timing.BestSeconds * 1e3,8:F2} {flops / timing.MedianSeconds / 1e9,8:F1}");
                }
            }
        }
    }

    private static string? OptionValue(string[] options, string name)
    {
        int at = Array.IndexOf(options, name);
        return at >= 0 && at + 1 < options.Length ? options[at + 1] : null;
    }
}
