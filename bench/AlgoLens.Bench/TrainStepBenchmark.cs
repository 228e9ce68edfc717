using System.Diagnostics;
using AlgoLens.Analysis;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Optim;
using AlgoLens.Training;

namespace AlgoLens.Bench;

/// <summary>
/// Milliseconds per full-batch training step of the grokking preset (3830 examples), for the full
/// forward (every position unembedded, every query and MLP computed) and the trainer's pruned
/// forward, with 1 thread and all threads; plus the bytes allocated per step and the peak memory.
/// </summary>
internal static class TrainStepBenchmark
{
    public static void Run(string[] options)
    {
        if (options.Contains("--config") || options.Contains("--model-option"))
        {
            ConfigTrainStepBenchmark.Run(options);
            return;
        }
        int samples = options.Contains("--quick") ? 3 : 9;
        bool prunedOnly = options.Contains("--pruned");
        bool profile = options.Contains("--profile");
        bool compareFold = options.Contains("--compare-fold");
        prunedOnly |= compareFold;
        // (The chunked ReLU kernel against the whole-matrix products is an option of each op call,
        // not a process-wide switch: the `mlp` suite compares the two.)
        var preset = Presets.Grokking;
        var task = TaskRegistry.Create(preset.Task, preset.TaskOptions);
        var data = new TrainingData(task, preset.Training with { Seed = 0 });
        var tokens = data.Train.Input.Tokens!;
        var labels = TrainingLoss.ClassesAt(data.Train.Targets, [2]);
        var config = (HookedTransformerConfig)preset.Model.WithTaskShape(Trainer.ShapeOf(task), 0);
        Console.WriteLine($"grokking preset step: {data.Train.Count} examples, model d_model {config.DModel}, d_mlp {config.DMlp}, {config.NHeads} heads");
        Console.WriteLine($"{"variant",-10} {"threads",7} {"median ms",10} {"best ms",9} {"alloc/step",12}");
        int[] threadCounts = prunedOnly ? [Environment.ProcessorCount] : [1, Environment.ProcessorCount];
        foreach (int threads in threadCounts.Distinct())
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            foreach (bool pruned in prunedOnly ? new[] { true } : new[] { false, true })
            {
                var model = new HookedTransformer(config);
                var optimizer = new AdamW(model.TrainableParameters, 1e-3, 0.9, 0.98, 1e-8, 1.0);
                bool fold = true;
                void Step()
                {
                    using var scope = MemoryScope.Begin();
                    optimizer.ZeroGrad();
                    // Start the step's op timings here (when profiling), so the previous step's
                    // backward and optimizer are not charged to the first op.
                    Tensors.Autograd.OpProfiler.Current?.Mark();
                    Tensor loss = pruned
                        ? Ops.CrossEntropy(Ops.Reshape(FirstLayerTableForward.Forward(model, tokens, [2], fold), data.Train.Count, -1), labels)
                        : CacheExport.LastPositionLoss(model.Forward(tokens, new ForwardOptions { AllowSpecialisations = false }), tokens, labels, out _);
                    loss.Backward();
                    optimizer.Step();
                }
                if (compareFold)
                {
                    // The first MLP's input projection folded into the attention's tables, against
                    // the projection of every row.
                    ComparePaired(Step, threads, samples, v => fold = v, "unfolded", "folded", "folded/unfolded");
                    continue;
                }
                var timing = Harness.Measure(Step, samples, minSampleSeconds: 0.5, warmupSeconds: 5);
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Step();
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                Console.WriteLine($"{(pruned ? "pruned" : "full"),-10} {threads,7} {timing.MedianSeconds * 1e3,10:F1} {timing.BestSeconds * 1e3,9:F1} {allocated / 1e6,9:F1} MB");
                if (profile)
                {
                    PrintProfile(Step);
                }
            }
        }
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"peak working set of this process: {process.PeakWorkingSet64 / 1e6:F0} MB");
    }

    /// <summary>A switch off (A) against on (B), in alternating samples in one process; left on.</summary>
    private static void ComparePaired(Action step, int threads, int samples, Action<bool> turn, string off, string on, string ratio)
    {
        var paired = Harness.MeasurePaired(step, () => turn(false), () => turn(true), 2 * samples);
        turn(true);
        Console.WriteLine($"{"pruned",-10} {threads,7} {off} {paired.A.MedianSeconds * 1e3:F1} ms (best {paired.A.BestSeconds * 1e3:F1}), "
            + $"{on} {paired.B.MedianSeconds * 1e3:F1} ms (best {paired.B.BestSeconds * 1e3:F1}); median ratio {ratio} {paired.MedianRatio:F3} over {paired.A.Samples} pairs");
    }

    /// <summary>Per-op forward and backward milliseconds per step, averaged over 20 steps.</summary>
    private static void PrintProfile(Action step)
    {
        const int steps = 20;
        var clock = Stopwatch.StartNew();
        string table;
        using (var profiler = Tensors.Autograd.OpProfiler.Begin())
        {
            for (int i = 0; i < steps; i++)
            {
                step();
            }
            table = profiler.Report(steps);
        }
        Console.WriteLine($"  profile over {steps} steps ({clock.Elapsed.TotalMilliseconds / steps:F1} ms per step with the profiler on; the rest is the optimizer and bookkeeping), ms per step:");
        Console.WriteLine(table);
    }
}
