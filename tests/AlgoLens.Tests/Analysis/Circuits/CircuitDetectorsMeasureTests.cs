using AlgoLens.Analysis.Circuits;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Models;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.CircuitDetection;

public sealed class CircuitDetectorsMeasureTests
{
    private static string TrainRepeatRun(int layers)
    {
        string dir = TinyRun.NewDirectory();
        var model = new HookedTransformerConfig { NLayers = layers, DModel = 16, NHeads = 2, DHead = 8, AttnOnly = true, Seed = 1 };
        var training = TinyRun.Training(50) with { BatchSize = 16, TestExamples = 16, CheckpointEvery = 50 };
        new Trainer(RepeatTask.Create(length: 4, values: 8), model, training).Run(dir);
        return dir;
    }

    [Fact]
    public void Analyze_writes_each_detectors_score_per_head_as_the_detect_command_computes_it()
    {
        string dir = TrainRepeatRun(layers: 2);
        RunAnalyzer.Analyze(dir);
        var table = MeasureTable.Load(dir);
        var report = DetectionReport.Of(RunFolder.Open(dir), 50);
        foreach (var result in report.Detectors.Where(r => r.Layer is not null))
        {
            string column = CircuitDetectorsMeasure.Column(result.Name, result.Layer!.Value, result.Head!.Value);
            Assert.Equal(result.Score!.Value, table[table.Steps.Count - 1, column], 12);
        }
        Assert.Contains(CircuitDetectorsMeasure.Column(CircuitDetectors.Induction, 1, 1), table.Columns);
        Assert.Equal(6 * 2 * 2, table.Columns.Count(c => c.StartsWith("circuits.", StringComparison.Ordinal)));
    }

    [Fact]
    public void One_layer_has_no_induction_columns()
    {
        string dir = TrainRepeatRun(layers: 1);
        RunAnalyzer.Analyze(dir);
        var table = MeasureTable.Load(dir);
        Assert.DoesNotContain(table.Columns, c => c.StartsWith("circuits.induction.", StringComparison.Ordinal));
        Assert.Contains(CircuitDetectorsMeasure.Column(CircuitDetectors.PreviousToken, 0, 1), table.Columns);
    }

    [Fact]
    public void A_three_token_context_is_not_applicable()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        Assert.Contains("n_ctx", new CircuitDetectorsMeasure().WhyNotApplicable(RunFolder.Open(dir)), StringComparison.Ordinal);
    }
}
