using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Bench;

/// <summary>
/// The grokking model's MLP (3830 rows, d_model 128, d_mlp 512, residual) on its own: forward,
/// and forward + backward, chunked (<see cref="MlpKernel"/>) against the six whole-matrix
/// products, 1 thread and all threads. 1.00 GFLOP forward, 3.01 with the backward. <c>--act NAME</c>
/// (relu, gelu, gelu_new, silu) and <c>--rows N</c> change the activation and rows;
/// <c>--compare-unfused</c> times the fused op against Linear → activation → Linear → Add in
/// alternating samples instead.
/// </summary>
internal static class MlpBenchmark
{
    private const int DModel = 128, DMlp = 512;

    public static void Run(string[] options)
    {
        int samples = options.Contains("--quick") ? 3 : 9;
        string activationName = OptionValue(options, "--act") ?? "relu";
        var activation = AlgoLens.Models.Components.ActivationNames.Parse(activationName);
        int rows = int.Parse(OptionValue(options, "--rows") ?? "3830", System.Globalization.CultureInfo.InvariantCulture);
        bool compareUnfused = options.Contains("--compare-unfused");
        bool unfused = false; // with --compare-unfused: the separate ops instead of the fused one
        string? only = OptionValue(options, "--only"); // e.g. "forward", "chunked", "backward/chunked/1"
        var rng = new Rng(1);
        var x = rng.Randn(rows, DModel);
        var wIn = rng.RandNormal([DModel, DMlp], 0f, 1f / MathF.Sqrt(DModel));
        var wOut = rng.RandNormal([DMlp, DModel], 0f, 1f / MathF.Sqrt(DMlp));
        var bIn = Tensor.Zeros(DMlp);
        var bOut = Tensor.Zeros(DModel);
        var weights = rng.Randn(rows, DModel);
        foreach (var t in new[] { x, wIn, wOut, bIn })
        {
            t.RequiresGrad = true;
        }
        double forwardFlops = 2.0 * 2 * rows * DModel * DMlp;

        bool chunked = true; // passed with each call: the chunked kernel or the whole-matrix products

        Tensor Mlp() => unfused
            ? x + Ops.Linear(Ops.Activation(Ops.Linear(x, wIn, bIn), activation), wOut, bOut)
            : Ops.Mlp(x, wIn, bIn, wOut, bOut, x, activation, chunked);

        void Forward()
        {
            using var scope = MemoryScope.Begin();
            using var _ = Tensor.NoGrad();
            Mlp();
        }

        void ForwardRecording()
        {
            using var scope = MemoryScope.Begin();
            Mlp();
        }

        void ForwardBackward()
        {
            using var scope = MemoryScope.Begin();
            foreach (var t in new[] { x, wIn, wOut, bIn })
            {
                t.ZeroGrad();
            }
            Ops.SumAll(Mlp() * weights).Backward();
        }

        Console.WriteLine($"{activationName} MLP [{rows}, {DModel}] → {DMlp} → {DModel} + residual: median (best) of {samples} samples");
        if (compareUnfused)
        {
            foreach (var (name, action) in new[] { ("forward", (Action)Forward), ("forward+record", ForwardRecording), ("forward+backward", ForwardBackward) })
            {
                foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
                {
                    using var compute = ComputeContext.Use(new ComputeContext(threads));
                    var paired = Harness.MeasurePaired(action, () => unfused = true, () => unfused = false, samples, minSampleSeconds: 0.25, warmupSeconds: 1);
                    Console.WriteLine($"{name,-18} {threads} threads: unfused {paired.A.MedianSeconds * 1e3,8:F2} ms, fused {paired.B.MedianSeconds * 1e3,8:F2} ms, median ratio fused/unfused {paired.MedianRatio:F3}");
                }
            }
            return;
        }
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
