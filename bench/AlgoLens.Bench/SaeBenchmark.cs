using System.Diagnostics;
using System.Globalization;
using AlgoLens.Analysis.Dictionary;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Bench;

/// <summary>
/// The sparse autoencoder of issue 23 at its target size: 1,024 features on 50,000 rows × 512
/// dimensions. The rows are planted: each is a sum of 16 of 2,048 random unit directions with
/// uniform magnitudes plus a little noise, so the run also reports how many planted directions the
/// atoms recover. Prints wall and CPU time of the training alone and of the whole fit, GFLOP/s of
/// the five GEMMs per step against the FMA peak, other processes' CPU use during the run, and the
/// fit's diagnostics.
/// </summary>
internal static class SaeBenchmark
{
    public static void Run(string[] options)
    {
        int rows = Int(options, "--rows", 50_000);
        int dim = Int(options, "--dim", 512);
        int features = Int(options, "--features", 1024);
        var defaults = new SparseAutoencoderOptions();
        int epochs = Int(options, "--epochs", defaults.Epochs);
        int batch = Int(options, "--batch", defaults.BatchSize);
        int planted = Int(options, "--planted", 2048);
        int perRow = Int(options, "--per-row", 16);
        int? topK = options.Contains("--topk") ? Int(options, "--topk", 32) : null;
        double l1 = Double(options, "--l1", defaults.L1Coefficient);
        double lr = Double(options, "--lr", defaults.LearningRate);
        int threads = Int(options, "--threads", Environment.ProcessorCount);
        double peak = Double(options, "--peak", double.NaN);
        if (double.IsNaN(peak))
        {
            var peaks = PeakBenchmark.MeasureAll();
            peak = peaks.Count > 0 ? (threads == 1 ? peaks[0].OneThread : peaks[0].AllThreads) : double.NaN;
        }

        var (data, directions) = Plant(rows, dim, planted, perRow, seed: 7);
        var sae = new SparseAutoencoder(new SparseAutoencoderOptions
        {
            Epochs = epochs,
            BatchSize = batch,
            TopK = topK,
            L1Coefficient = l1,
            LearningRate = lr,
        });
        Console.WriteLine($"sae: {features} features on {rows} x {dim}, {epochs} epochs, batch {batch}, {(topK is { } k ? $"top-{k}" : $"L1 {l1}")}, lr {lr}, {threads} threads");
        Console.WriteLine($"load average before: {LoadAverage()}");

        using var compute = ComputeContext.Use(new ComputeContext(threads));
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var counters0 = CpuCounters.Read();
        var wall = Stopwatch.StartNew();
        var run = sae.Prepare(new Tensor(data, rows, dim), new DictionaryOptions { Components = features, Seed = 1 });
        if (options.Contains("--dense"))
        {
            run.Trainer.SparseThreshold = -1;
        }
        double prepare = wall.Elapsed.TotalSeconds;
        var cpuTrain0 = process.TotalProcessorTime;
        run.Train();
        double train = wall.Elapsed.TotalSeconds - prepare;
        process.Refresh();
        var cpuTrain = process.TotalProcessorTime - cpuTrain0;
        var result = run.Result();
        double total = wall.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        double foreign = CpuCounters.ForeignSeconds(counters0, CpuCounters.Read());

        double flopsPerEpoch = 5 * 2.0 * rows * dim * features;
        double gflops = flopsPerEpoch * epochs / train / 1e9;
        Console.WriteLine($"load average after:  {LoadAverage()}; other processes used {foreign:F1} CPU s during the run ({foreign / total:F2} cores)");
        Console.WriteLine($"setup (scale, geometric median, init): {prepare:F2} s");
        Console.WriteLine($"training: {train:F2} s wall, {cpuTrain.TotalSeconds:F2} s CPU, {train / epochs:F2} s per epoch");
        Console.WriteLine($"whole fit (setup, training, final evaluation on all rows): {total:F2} s wall, {cpu.TotalSeconds:F2} s CPU");
        Console.WriteLine($"dense-equivalent work: {flopsPerEpoch / 1e9:F1} GFLOP per epoch (5 products of 2·B·d·k); {gflops:F1} GFLOP/s over the training = {100 * gflops / peak:F0}% of the {peak:F1} GFLOP/s FMA peak");
        Console.WriteLine($"CPU-time rate: {flopsPerEpoch * epochs / cpuTrain.TotalSeconds / 1e9:F1} GFLOP per CPU second (one core's peak: {peak / Math.Max(1, threads):F1})");
        Console.WriteLine($"batches on the sparse backward: {run.SparseSteps} of {run.Steps}");
        Console.WriteLine("loss per epoch (mean ‖x − x̂‖² per row, scaled units): " + string.Join(", ", run.EpochLoss.Select(v => v.ToString("F2", CultureInfo.InvariantCulture))));
        foreach (var (name, value) in result.Diagnostics)
        {
            Console.WriteLine($"  {name,-14} {value.ToString("G5", CultureInfo.InvariantCulture)}");
        }
        Console.WriteLine($"planted directions recovered (greedy one-to-one, cosine >= 0.9): {Recovered(result.Atoms, directions, 0.9)} of {planted}");
    }

    /// <summary>Rows = Σ of <paramref name="perRow"/> random planted unit directions with magnitudes U(0, 1), plus N(0, 0.01²) noise.</summary>
    private static (float[] Data, float[] Directions) Plant(int rows, int dim, int planted, int perRow, ulong seed)
    {
        var rng = new Rng(seed);
        var directions = new float[planted * dim];
        rng.FillNormal(directions, 0f, 1f);
        for (int i = 0; i < planted; i++)
        {
            var u = directions.AsSpan(i * dim, dim);
            float norm = MathF.Sqrt(u.ToArray().Sum(v => v * v));
            for (int j = 0; j < dim; j++)
            {
                u[j] /= norm;
            }
        }
        var data = new float[(long)rows * dim];
        rng.FillNormal(data, 0f, 0.01f);
        for (int r = 0; r < rows; r++)
        {
            var row = data.AsSpan(r * dim, dim);
            for (int t = 0; t < perRow; t++)
            {
                int feature = rng.NextInt(planted);
                float a = rng.NextFloat();
                var u = directions.AsSpan(feature * dim, dim);
                for (int j = 0; j < dim; j++)
                {
                    row[j] += a * u[j];
                }
            }
        }
        return (data, directions);
    }

    /// <summary>Pairs (atom, planted direction) by decreasing cosine, each used once; counts pairs at or above the threshold.</summary>
    private static int Recovered(double[,] atoms, float[] directions, double threshold)
    {
        int k = atoms.GetLength(0), d = atoms.GetLength(1), planted = directions.Length / d;
        var pairs = new List<(double Cos, int Atom, int Dir)>();
        for (int a = 0; a < k; a++)
        {
            for (int p = 0; p < planted; p++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++)
                {
                    dot += atoms[a, j] * directions[p * d + j];
                }
                if (dot >= threshold)
                {
                    pairs.Add((dot, a, p));
                }
            }
        }
        var usedAtom = new bool[k];
        var usedDir = new bool[planted];
        int count = 0;
        foreach (var (_, a, p) in pairs.OrderByDescending(x => x.Cos))
        {
            if (!usedAtom[a] && !usedDir[p])
            {
                usedAtom[a] = usedDir[p] = true;
                count++;
            }
        }
        return count;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static int Int(string[] options, string name, int fallback)
    {
        int at = Array.IndexOf(options, name);
        return at >= 0 && at + 1 < options.Length ? int.Parse(options[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double Double(string[] options, string name, double fallback)
    {
        int at = Array.IndexOf(options, name);
        return at >= 0 && at + 1 < options.Length ? double.Parse(options[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
