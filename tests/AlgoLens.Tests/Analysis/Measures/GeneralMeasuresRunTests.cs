using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Reports;
using AlgoLens.Tasks;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Measures;

/// <summary><c>analyze</c> and <c>report</c> on a run of a task without a Fourier mechanism (min).</summary>
public class GeneralMeasuresRunTests
{
    private static string TrainMinRun()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TaskRegistry.Create("min", new TaskOptions { P = 11 }), TinyRun.Model, TinyRun.Training(100)).Run(dir);
        return dir;
    }

    [Fact]
    public void AMinRunGetsTheGeneralColumnsAndTheFourierMeasuresAreSkipped()
    {
        string dir = TrainMinRun();
        var result = RunAnalyzer.Analyze(dir);

        Assert.Equal(["losses", "weight_norms", "attention_entropy"], result.Analysis.Ran.Select(m => m.Name));
        // The circuit detectors need a context longer than 'a b ='; the Fourier measures a modular addition.
        Assert.Equal(["circuits", "grokking", "group_irreps", "superposition"], result.Analysis.Skipped.Select(s => s.Name));
        Assert.Contains("not modular arithmetic", result.Analysis.Skipped[1].Reason);
        var table = MeasureTable.Load(dir);
        Assert.Equal([0, 50, 100], table.Steps);
        foreach (string column in new[] { "train_loss", "train_accuracy", "test_loss", "test_accuracy", "sum_squared_weights", "sum_squared_weights.embed", "sum_squared_weights.role.weight", "attention_entropy.L0H0", "attention_entropy.L0H1" })
        {
            Assert.Contains(column, table.Columns);
        }
        var metrics = MetricsLog.Read(dir).ToDictionary(r => r.Step);
        for (int i = 0; i < table.Steps.Count; i++)
        {
            var logged = metrics[table.Steps[i]];
            Assert.Equal(logged.TestLoss, table[i, "test_loss"]);
            Assert.Equal(logged.SumSquaredWeights, table[i, "sum_squared_weights"]);
            Assert.InRange(table[i, "attention_entropy.L0H1"], 0, Math.Log(3) + 1e-9); // 'a b =': at most 3 keys
        }
        Assert.Equal(RunAnalysis.Load(dir).Steps, table.Steps);
    }

    [Fact]
    public void LossesOfAStepNotLoggedAreEvaluatedToTheSameNumbers()
    {
        string dir = TrainMinRun();
        var run = RunFolder.Open(dir);
        var logged = MetricsLog.Read(dir).Single(r => r.Step == 100);
        var evaluated = new LossesMeasure().Measure(new CheckpointContext(run, 100, run.LoadModel(100), Logged: null));
        Assert.Equal(logged.TrainLoss, evaluated["train_loss"], 12);
        Assert.Equal(logged.TestAccuracy, evaluated["test_accuracy"]);
    }

    [Fact]
    public void TheReportBuildsFromTheAnalysisAloneWithoutCheckpoints()
    {
        string dir = TrainMinRun();
        RunAnalyzer.Analyze(dir);
        Directory.Delete(Path.Combine(dir, "checkpoints"), recursive: true);
        var report = RunReport.Build(dir);
        Assert.Equal(["losses", "accuracy", "weight-norms", "attention-entropy"], report.FigureIds);
        Assert.Contains("not modular arithmetic", report.ToHtml());
    }

    // A measure from outside the library: one class is all analyze needs.
    private sealed class StepMeasure(string column) : ICheckpointMeasure
    {
        public string Name => "step_" + column;

        public string Description => "the step, as a column";

        public string? WhyNotApplicable(RunFolder run) => null;

        public IReadOnlyDictionary<string, double> Measure(CheckpointContext context) => new Dictionary<string, double> { [column] = context.Step };

        public void Finish(MeasureFinishContext context) => context.WriteArtefact(Name, new { context.FinalStep });
    }

    [Fact]
    public void AnAddedMeasureGetsItsColumnAndArtefactAndACollidingNameIsRefused()
    {
        string dir = TrainMinRun();
        var result = RunAnalyzer.Analyze(dir, measures: [.. MeasureRegistry.Create(), new StepMeasure("my_step")]);
        Assert.Equal([0, 50, 100], MeasureTable.Load(dir).Column("my_step"));
        Assert.Equal(["artefacts/step_my_step.json"], result.Analysis.Ran[^1].Artefacts.Select(a => a.Replace('\\', '/')));
        Assert.Contains("'test_loss'", Assert.Throws<InvalidOperationException>(() => RunAnalyzer.Analyze(dir, measures: [.. MeasureRegistry.Create(), new StepMeasure("test_loss")])).Message);
    }

    [Fact]
    public void AReportOnARunWithoutAnalysisSaysToRunAnalyzeFirst()
    {
        string dir = TrainMinRun();
        Assert.Contains("algolens analyze", Assert.Throws<FileNotFoundException>(() => RunReport.Build(dir)).Message);
    }
}
