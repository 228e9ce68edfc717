using System.Diagnostics;
using AlgoLens.Analysis.Fourier;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Progress;

/// <summary>
/// <c>algolens analyze</c>: the progress measures at every checkpoint of a modular-addition run
/// (analysis/progress.csv) and the final model's mechanism and the run's phases
/// (analysis/summary.json).
/// </summary>
public static class RunAnalyzer
{
    /// <summary>Folder, inside a run folder, where analysis results go.</summary>
    public const string AnalysisFolder = "analysis";

    /// <summary>File name of the per-checkpoint measures.</summary>
    public const string ProgressFile = "progress.csv";

    /// <summary>
    /// Analyses every checkpoint (or every <paramref name="every"/>-th) of a run. Progress reports
    /// (checkpoints done, total) after each one.
    /// </summary>
    public static AnalysisSummary Analyze(string runDirectory, IProgress<(int Done, int Total)>? progress = null, int every = 1, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var clock = Stopwatch.StartNew();
        var info = RunInfo.Load(runDirectory);
        if (info.Task != "add" || !info.TaskSettings.TryGetValue("p", out var pText))
        {
            throw new ArgumentException($"The Fourier progress measures are defined for modular addition ('add'); this run's task is '{info.Task}'. Train with --task add.");
        }
        int p = int.Parse(pText, System.Globalization.CultureInfo.InvariantCulture);
        var store = new CheckpointStore(Path.Combine(runDirectory, "checkpoints"));
        var steps = store.Steps();
        if (steps.Count == 0)
        {
            throw new FileNotFoundException($"'{runDirectory}' has no checkpoints to analyse.");
        }
        var chosen = steps.Where((_, i) => i % every == 0 || i == steps.Count - 1).ToList();

        var run = RunFolder.Open(runDirectory);
        var train = run.Data.Train;
        var test = run.Data.Test;
        int[] trainIndices = run.Data.TrainIndices!;
        var logged = MetricsLog.Read(runDirectory).ToDictionary(r => r.Step);

        // The final model's key frequencies are the ones tracked through training, as in the paper.
        var finalModel = store.LoadWeights(chosen[^1]);
        var finalMeasures = GrokkingProgress.Measure(finalModel, p, trainIndices);
        var keys = finalMeasures.KeyFrequencies.ToArray();

        var rows = new ProgressRow[chosen.Count];
        for (int i = 0; i < chosen.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            int step = chosen[i];
            var model = i == chosen.Count - 1 ? finalModel : store.LoadWeights(step);
            var m = GrokkingProgress.Measure(model, p, trainIndices, keys);
            var (trainLoss, trainAcc, testLoss, testAcc) = logged.TryGetValue(step, out var row)
                ? (row.TrainLoss, row.TrainAccuracy, row.TestLoss, row.TestAccuracy)
                : Evaluate(model, train, test);
            rows[i] = new ProgressRow(step, trainLoss, trainAcc, testLoss, testAcc, m.RestrictedLoss, m.ExcludedLoss, m.GiniEmbedding,
                m.GiniNeuronLogitMap, m.SumOfSquaredWeights, m.KeyFrequencyCount, m.EmbeddingShare, m.FractionOfNeuronsExplained, m.LogitVarianceExplained);
            progress?.Report((i + 1, chosen.Count));
        }

        string analysisDirectory = Path.Combine(runDirectory, AnalysisFolder);
        Directory.CreateDirectory(analysisDirectory);
        AtomicFile.WriteAllText(Path.Combine(analysisDirectory, ProgressFile), ProgressRow.Header + "\n" + string.Concat(rows.Select(r => r.ToCsv() + "\n")));
        var summary = Summarise(finalModel, p, keys, finalMeasures, rows, chosen[^1]) with { Seconds = clock.Elapsed.TotalSeconds };
        summary.Save(analysisDirectory);
        return summary;
    }

    /// <summary>Reads analysis/progress.csv of a run.</summary>
    public static IReadOnlyList<ProgressRow> ReadProgress(string runDirectory)
    {
        string path = Path.Combine(runDirectory, AnalysisFolder, ProgressFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no {AnalysisFolder}/{ProgressFile}: run `algolens analyze {runDirectory}` first.");
        }
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(ProgressRow.Parse).ToList();
    }

    // The largest fall of Σw² between checkpoints `window` steps apart (per 1000 steps), and the
    // middle step of that window.
    private static (double Rate, int Step)? SteepestFall(IReadOnlyList<ProgressRow> rows, int window)
    {
        (double Rate, int Step)? best = null;
        int j = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            while (j < rows.Count && rows[j].Step - rows[i].Step < window)
            {
                j++;
            }
            if (j == rows.Count)
            {
                break;
            }
            double rate = (rows[i].SumSquaredWeights - rows[j].SumSquaredWeights) / (rows[j].Step - rows[i].Step) * 1000;
            if (best is null || rate > best.Value.Rate)
            {
                best = (rate, (rows[i].Step + rows[j].Step) / 2);
            }
        }
        return best;
    }

    private static (double, double, double, double) Evaluate(HookedTransformer model, Data.ExampleBatch train, Data.ExampleBatch test)
    {
        var (trainLoss, trainAcc) = Evaluation.Evaluate(model, train);
        var (testLoss, testAcc) = Evaluation.Evaluate(model, test);
        return (trainLoss, trainAcc, testLoss, testAcc);
    }

    private static AnalysisSummary Summarise(HookedTransformer model, int p, int[] keys, GrokkingMeasures final, ProgressRow[] rows, int finalStep)
    {
        var basis = new FourierBasis(p);
        var (logits, activations) = GrokkingProgress.LastPosition(model, p, model.Config.NLayers - 1);
        var neurons = NeuronFrequencies.Analyse(basis, activations);
        var perFrequency = neurons.ExplainedPerFrequency();
        var unexplained = Enumerable.Range(0, neurons.Neurons).Where(j => !neurons.IsExplained(j)).ToArray();
        var fit = LogitCosineFit.Fit(basis, logits, keys);
        var phases = Phases.Detect(rows);
        ProgressRow? At(int? step) => step is null ? null : rows.FirstOrDefault(r => r.Step == step);
        var steepest = SteepestFall(rows.Where(r => r.Step >= (phases.MemorisationEnd ?? 0)).ToList(), window: 1000);
        var afterMemorisation = At(phases.MemorisationEnd);
        return new AnalysisSummary
        {
            P = p,
            FinalStep = finalStep,
            KeyFrequencies = keys,
            EmbeddingShareInKeyFrequencies = final.EmbeddingShare,
            NeuronsExplainedFraction = final.FractionOfNeuronsExplained,
            NeuronsExplained = final.NeuronsExplained,
            Neurons = final.Neurons,
            NeuronsPerKeyFrequency = keys.Select(k => perFrequency[k]).ToArray(),
            UnexplainedInTwoFrequencies = unexplained.Count(j => neurons.Fraction[j] + neurons.SecondFraction[j] >= neurons.Threshold),
            UnexplainedSecondFrequencies = unexplained.Where(j => neurons.SecondFrequency[j] > 0)
                .GroupBy(j => neurons.SecondFrequency[j])
                .Select(g => new FrequencyCount(g.Key, g.Count()))
                .OrderByDescending(c => c.Neurons).ThenBy(c => c.Frequency).Take(5).ToArray(),
            LogitVarianceExplained = fit.VarianceExplained,
            LogitCosineAlphas = fit.Alphas.ToArray(),
            Phases = phases,
            RestrictedLossBelow01Step = rows.FirstOrDefault(r => r.RestrictedLoss < 0.1)?.Step,
            TestLossBelow01Step = rows.FirstOrDefault(r => r.TestLoss < 0.1)?.Step,
            ExcludedLossAtMemorisationEnd = At(phases.MemorisationEnd)?.ExcludedLoss,
            ExcludedLossAtCleanupStart = At(phases.CleanupStart)?.ExcludedLoss,
            SteepestSquaredWeightsFallPer1kSteps = steepest?.Rate,
            SteepestSquaredWeightsFallStep = steepest?.Step,
            MeanSquaredWeightsFallPer1kSteps = afterMemorisation is { } m && rows[^1].Step > m.Step
                ? (m.SumSquaredWeights - rows[^1].SumSquaredWeights) / (rows[^1].Step - m.Step) * 1000 : null,
            Checkpoints = rows.Length,
        };
    }
}
