using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Analysis.Run;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Grokking;

public class GrokkingRunTests
{
    private static string TrainTinyRun(string task = "add")
    {
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        var model = ((HookedTransformerConfig)Presets.Small.Model) with { DModel = 32, NHeads = 2, DHead = 16, DMlp = 64 };
        new Trainer(TaskRegistry.Create(task, new TaskOptions { P = 11 }), model,
            Presets.Small.Training with { Steps = 200, TrainFraction = 0.6, LearningRate = 3e-3, LogEvery = 50, CheckpointEvery = 50 }).Run(dir);
        return dir;
    }

    [Fact]
    public void WritesOneRowPerCheckpointConsistentWithTheMetrics()
    {
        string dir = TrainTinyRun();
        var summary = RunAnalyzer.Analyze(dir).Measure<GrokkingMeasure>()!.Summary!;
        var rows = ProgressRow.Read(dir);
        Assert.Equal([0, 50, 100, 150, 200], rows.Select(r => r.Step));
        var metrics = MetricsLog.Read(dir).ToDictionary(r => r.Step);
        foreach (var row in rows)
        {
            Assert.Equal(metrics[row.Step].TestLoss, row.TestLoss);
            Assert.Equal(metrics[row.Step].SumSquaredWeights, row.SumSquaredWeights, 6);
            Assert.InRange(row.GiniEmbedding, 0, 1);
            Assert.InRange(row.NeuronsExplainedFraction, 0, 1);
        }
        Assert.Equal(11, summary.P);
        Assert.Equal(200, summary.FinalStep);
        Assert.Equal(5, summary.Checkpoints);
        var loaded = GrokkingSummary.Load(Path.Combine(dir, RunAnalyzer.AnalysisFolder));
        Assert.Equal(summary.UnexplainedSecondFrequencies, loaded.UnexplainedSecondFrequencies);
        Assert.Equal(summary, loaded with
        {
            KeyFrequencies = summary.KeyFrequencies,
            NeuronsPerKeyFrequency = summary.NeuronsPerKeyFrequency,
            LogitCosineAlphas = summary.LogitCosineAlphas,
            UnexplainedSecondFrequencies = summary.UnexplainedSecondFrequencies,
        });
        // This barely trained model explains no neuron: the diagnostics cover them, commonest first.
        int unexplained = summary.Neurons - summary.NeuronsExplained;
        var seconds = summary.UnexplainedSecondFrequencies;
        Assert.InRange(seconds.Count, 1, 5);
        Assert.InRange(seconds.Sum(c => c.Neurons), 1, unexplained);
        Assert.Equal(seconds.OrderByDescending(c => c.Neurons).Select(c => c.Neurons), seconds.Select(c => c.Neurons));
        Assert.All(seconds, c => Assert.InRange(c.Frequency, 1, 5)); // p = 11: frequencies 1..5
        Assert.InRange(summary.UnexplainedInTwoFrequencies, 0, unexplained);
    }

    [Fact]
    public void SubtractionRunsGetTheFourierMeasuresWithTheDifferenceFormulas()
    {
        string dir = TrainTinyRun("sub");
        var result = RunAnalyzer.Analyze(dir);
        // The circuit detectors need a context longer than 'a b ='.
        Assert.Equal(["circuits", "group_irreps", "superposition"], result.Analysis.Skipped.Select(s => s.Name));
        Assert.Equal(["losses", "weight_norms", "attention_entropy", "grokking"], result.Analysis.Ran.Select(m => m.Name));
        var summary = result.Measure<GrokkingMeasure>()!.Summary!;
        var rows = ProgressRow.Read(dir);
        Assert.Equal([0, 50, 100, 150, 200], rows.Select(r => r.Step));

        // The plug-in measures with the difference's directions and labels: its final row is
        // GrokkingProgress.Measure for sub, number for number, and the addition formulas differ.
        var run = RunFolder.Open(dir);
        var model = (HookedTransformer)run.LoadModel(200);
        int[] train = run.Data.TrainIndices!;
        int[] keys = summary.KeyFrequencies.ToArray();
        var sub = GrokkingProgress.Measure(model, 11, train, keys, operation: CyclicOperation.Sub);
        var add = GrokkingProgress.Measure(model, 11, train, keys);
        var last = rows[^1];
        Assert.Equal(sub.RestrictedLoss, last.RestrictedLoss);
        Assert.Equal(sub.ExcludedLoss, last.ExcludedLoss);
        Assert.Equal(sub.LogitVarianceExplained, last.LogitVarianceExplained);
        Assert.Equal(sub.GiniEmbedding, last.GiniEmbedding);
        Assert.NotEqual(add.ExcludedLoss, last.ExcludedLoss, 1e-3);
        Assert.Equal(sub.LogitVarianceExplained, summary.LogitVarianceExplained);

        // A known answer: with no key frequency nothing is excluded, so the excluded loss is the
        // training loss on the (a − b) mod p labels that training logged; on a + b labels it is not.
        var metrics = MetricsLog.Read(dir).Single(r => r.Step == 200);
        Assert.Equal(metrics.TrainLoss, GrokkingProgress.Measure(model, 11, train, [], operation: CyclicOperation.Sub).ExcludedLoss, 1e-5);
        Assert.True(GrokkingProgress.Measure(model, 11, train, []).ExcludedLoss > metrics.TrainLoss + 1,
            "the addition labels are not what the model was trained on");
        Assert.True(File.Exists(Path.Combine(dir, RunAnalyzer.AnalysisFolder, "artefacts", "grokking.json")));

        // The report names the operation it measured.
        string html = AlgoLens.Reports.RunReport.Build(dir).ToHtml();
        Assert.Contains("Grokking (a − b) mod 11", html);
        Assert.Contains("cos(w(a−b−c))", html);
        Assert.Contains("<h2>Neuron clusters</h2>", html); // the clusters table
        Assert.DoesNotContain("a+b", html);
        Assert.Contains(GrokkingReference.Paper.Citation.Replace("\"", "&quot;", StringComparison.Ordinal), html);
        Assert.Contains("Shaded: the phases of grokking", html[..html.IndexOf("<h2>Weight norms</h2>", StringComparison.Ordinal)]); // on the training curves
    }

    [Fact]
    public void OtherTasksGetTheGeneralMeasuresAndTheFourierOnesAreSkippedWithTheReason()
    {
        string dir = TrainTinyRun("mul");
        var result = RunAnalyzer.Analyze(dir);
        Assert.Null(result.Measure<GrokkingMeasure>());
        Assert.Equal(["circuits", "grokking", "group_irreps", "superposition"], result.Analysis.Skipped.Select(s => s.Name));
        var skipped = result.Analysis.Skipped[1];
        Assert.Contains("multiplicative group", skipped.Reason);
        Assert.Equal(["losses", "weight_norms", "attention_entropy"], result.Analysis.Ran.Select(m => m.Name));
        Assert.False(File.Exists(Path.Combine(dir, RunAnalyzer.AnalysisFolder, ProgressRow.FileName)));
    }

    [Fact]
    public void MissingAnalysisIsExplained()
    {
        string dir = TrainTinyRun();
        Assert.Contains("algolens analyze", Assert.Throws<FileNotFoundException>(() => ProgressRow.Read(dir)).Message);
    }
}
