using AlgoLens.Models;
using AlgoLens.Analysis.Progress;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Progress;

public class RunAnalyzerTests
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
        var summary = RunAnalyzer.Analyze(dir).Grokking!;
        var rows = RunAnalyzer.ReadProgress(dir);
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
        var loaded = AnalysisSummary.Load(Path.Combine(dir, RunAnalyzer.AnalysisFolder));
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
    public void OtherTasksGetTheGeneralMeasuresAndTheFourierOnesAreSkippedWithTheReason()
    {
        string dir = TrainTinyRun("sub");
        var result = RunAnalyzer.Analyze(dir);
        Assert.Null(result.Grokking);
        var skipped = Assert.Single(result.Analysis.Skipped);
        Assert.Equal("grokking", skipped.Name);
        Assert.Contains("(a − b) mod p", skipped.Reason);
        Assert.Equal(["losses", "weight_norms", "attention_entropy"], result.Analysis.Ran.Select(m => m.Name));
        Assert.False(File.Exists(Path.Combine(dir, RunAnalyzer.AnalysisFolder, RunAnalyzer.ProgressFile)));
    }

    [Fact]
    public void MissingAnalysisIsExplained()
    {
        string dir = TrainTinyRun();
        Assert.Contains("algolens analyze", Assert.Throws<FileNotFoundException>(() => RunAnalyzer.ReadProgress(dir)).Message);
    }
}
