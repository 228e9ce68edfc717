using System.Diagnostics;
using AlgoLens.Tensors.Autograd;

namespace AlgoLens.Bench;

/// <summary>
/// <c>train-step --config NAME [--model-option key=value ...]</c>: ms per full-batch training step of
/// any transformer config on the grokking data, or one minibatch step of the sequence shapes
/// (<see cref="ConfigTrainStep"/>), with the step's nominal
/// GFLOP, the effective GFLOP/s and its share of the FMA peak, optionally a per-op breakdown, and,
/// with <c>--baseline DIR</c>, the same step of an earlier build timed in alternating samples in this
/// process (<see cref="BaselineBuild"/>).
/// </summary>
/// <remarks>
/// Samples are kept whatever the neighbours do (<see cref="Harness.MeasureUnfiltered"/>): on a
/// host shared with other work a filtered run would never end. Absolute figures then carry the
/// host's load; ratios from alternating samples are what to compare.
/// </remarks>
internal static class ConfigTrainStepBenchmark
{
    /// <summary>The 2-thread FMA peak of the project's machine (docs/PERFORMANCE.md, "FMA peak"),
    /// per thread; <c>--peak</c> replaces it for another machine.</summary>
    private const double PeakPerThreadGflops = 117.1;

    public static void Run(string[] options)
    {
        var configs = Values(options, "--config").SelectMany(v => v.Split(',')).ToList();
        if (configs.Count == 0)
        {
            configs.Add("grokking");
        }
        string[] modelOptions = [.. Values(options, "--model-option")];
        int threads = int.Parse(Value(options, "--threads") ?? Environment.ProcessorCount.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        int samples = int.Parse(Value(options, "--samples") ?? "7", System.Globalization.CultureInfo.InvariantCulture);
        double peak = double.Parse(Value(options, "--peak") ?? (PeakPerThreadGflops * threads).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        string? baseline = Value(options, "--baseline");
        bool profile = options.Contains("--profile");
        bool specialisations = !options.Contains("--general");
        Console.WriteLine($"threads {threads}; FMA peak taken as {peak:F0} GFLOP/s; {(specialisations ? "automatic forward" : "general path forced")}; samples kept under load (compare only side by side)");
        foreach (string config in configs)
        {
            var (step, json, gflop) = ConfigTrainStep.CreateStep(config, modelOptions, threads, specialisations);
            Console.WriteLine($"\n{config}: {json.ReplaceLineEndings(" ")}");
            Console.WriteLine($"  nominal arithmetic (pruned step as libtorch computes it): {gflop:F2} GFLOP");
            if (options.Contains("--compare-first-attention"))
            {
                ConfigTrainStep.FirstAttentionReadsTables = true;
                var (tableStep, _, _) = ConfigTrainStep.CreateStep(config, modelOptions, threads, specialisations);
                ConfigTrainStep.FirstAttentionReadsTables = false;
                var (gatherStep, _, _) = ConfigTrainStep.CreateStep(config, modelOptions, threads, specialisations);
                ConfigTrainStep.FirstAttentionReadsTables = null;
                Action current = tableStep;
                var paired = Harness.MeasurePaired(() => current(), () => current = tableStep, () => current = gatherStep, samples, minSampleSeconds: 0.3, warmupSeconds: 1.5);
                Console.WriteLine($"  first attention reads the tables   {Line(paired.A, gflop, peak)}");
                Console.WriteLine($"  first attention gathers q, k, v    {Line(paired.B, gflop, peak)}");
                Console.WriteLine($"  median ratio gathered/tables {paired.MedianRatio:F3} over {paired.A.Samples} alternating pairs");
            }
            else if (baseline is not null)
            {
                var (baseStep, _, _) = BaselineBuild.CreateStep(baseline, config, modelOptions, threads, specialisations);
                Action current = baseStep;
                var paired = Harness.MeasurePaired(() => current(), () => current = baseStep, () => current = step, samples, minSampleSeconds: 0.3, warmupSeconds: 1.5);
                Console.WriteLine($"  baseline {Line(paired.A, gflop, peak)}");
                Console.WriteLine($"  this     {Line(paired.B, gflop, peak)}");
                Console.WriteLine($"  median ratio this/baseline {paired.MedianRatio:F3} over {paired.A.Samples} alternating pairs");
            }
            else
            {
                var timing = Harness.MeasureUnfiltered(step, samples, minSampleSeconds: 0.3, warmupSeconds: 1.5);
                Console.WriteLine($"  {Line(timing, gflop, peak)}");
            }
            var (allocated, cpu) = AllocationAndCpuPerStep(step);
            Console.WriteLine($"  allocated per step in steady state: {allocated / 1024.0:F1} KiB (managed heap, all threads); CPU {cpu * 1e3:F1} ms/step (this process, all threads)");
            if (profile)
            {
                PrintProfile(step);
            }
        }
    }

    private static string Line(Harness.Timing t, double gflop, double peak) =>
        $"{t.MedianSeconds * 1e3,8:F1} ms/step (best {t.BestSeconds * 1e3:F1}), {gflop / t.MedianSeconds,6:F1} GFLOP/s effective = {100 * gflop / t.MedianSeconds / peak,5:F1}% of peak";

    // Bytes the managed heap handed out per step, and this process's CPU seconds per step, over 10
    // steps after 3 more to fill the pools. On a loaded host the CPU time, unlike the wall time,
    // hardly depends on the neighbours (libtorch's script reports the same figure).
    private static (double Bytes, double CpuSeconds) AllocationAndCpuPerStep(Action step)
    {
        const int steps = 10;
        for (int i = 0; i < 3; i++)
        {
            step();
        }
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < steps; i++)
        {
            step();
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        process.Refresh();
        return (allocated / (double)steps, (process.TotalProcessorTime - cpuBefore).TotalSeconds / steps);
    }

    private static void PrintProfile(Action step)
    {
        const int steps = 10;
        var clock = Stopwatch.StartNew();
        string table;
        using (var profiler = OpProfiler.Begin())
        {
            for (int i = 0; i < steps; i++)
            {
                step();
            }
            table = profiler.Report(steps);
        }
        Console.WriteLine($"  profile over {steps} steps ({clock.Elapsed.TotalMilliseconds / steps:F1} ms per step with the profiler on; the rest is AdamW and bookkeeping), ms per step:");
        Console.WriteLine(table);
    }

    private static string? Value(string[] options, string name) => Values(options, name).LastOrDefault();

    private static IEnumerable<string> Values(string[] options, string name)
    {
        for (int i = 0; i + 1 < options.Length; i++)
        {
            if (options[i] == name)
            {
                yield return options[i + 1];
            }
        }
    }
}
