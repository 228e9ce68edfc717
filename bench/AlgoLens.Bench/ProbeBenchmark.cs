using System.Diagnostics;
using System.Globalization;
using AlgoLens.Analysis.Probes;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Bench;

/// <summary>
/// The probe of issue 23: <see cref="Probe.Classify"/> (split, decay chosen on the validation part
/// over the default grid, refit, control task) on 10,000 rows × 128 dimensions with 5 planted
/// classes, and <see cref="Probe.Regress"/> on the same rows; wall and CPU seconds per probe, and
/// the accuracies as a check that the speed did not cost the answer.
/// </summary>
internal static class ProbeBenchmark
{
    public static void Run(string[] options)
    {
        int rows = Option(options, "--rows", 10_000), width = Option(options, "--dims", 128), classes = Option(options, "--classes", 5);
        int samples = Option(options, "--samples", 5);
        var (features, labels, targets) = Planted(rows, width, classes);
        Console.WriteLine($"probe: {rows} rows x {width} dims, {classes} planted classes; {samples} samples, median and best");
        ProbeResult? result = null;
        Time("logistic (Probe.Classify)", samples, () => result = Probe.Classify(features, labels));
        Console.WriteLine($"  test accuracy {result!.TestScore:0.000}, control {result.ControlTestScore:0.000}, decay {result.WeightDecay}");
        Time("ridge (Probe.Regress)", samples, () => result = Probe.Regress(features, targets));
        Console.WriteLine($"  test R² {result!.TestScore:0.000}, control {result.ControlTestScore:0.000}, decay {result.WeightDecay}");
    }

    private static void Time(string name, int samples, Action action)
    {
        action(); // warm-up: JIT and tiering
        var wall = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (int s = 0; s < samples; s++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            wall.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        wall.Sort();
        cpu.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} wall median {wall[samples / 2]:0.000} s, best {wall[0]:0.000} s; CPU median {cpu[samples / 2]:0.000} s"));
    }

    // Gaussian rows; the class is the arg-max of 5 random directions' projections plus noise, the target one direction's projection plus noise.
    private static (double[,] Features, int[] Labels, double[] Targets) Planted(int rows, int width, int classes)
    {
        var rng = new Rng(7);
        var features = new double[rows, width];
        var directions = new double[classes, width];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < width; i++)
            {
                directions[c, i] = rng.Normal();
            }
        }
        var labels = new int[rows];
        var targets = new double[rows];
        var score = new double[classes];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < width; i++)
            {
                features[r, i] = rng.Normal();
            }
            for (int c = 0; c < classes; c++)
            {
                score[c] = 2 * rng.Normal();
                for (int i = 0; i < width; i++)
                {
                    score[c] += directions[c, i] * features[r, i];
                }
            }
            labels[r] = Array.IndexOf(score, score.Max());
            targets[r] = score[0];
        }
        return (features, labels, targets);
    }

    private static int Option(string[] options, string name, int fallback)
    {
        int at = Array.IndexOf(options, name);
        return at >= 0 && at + 1 < options.Length ? int.Parse(options[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
