using AlgoLens.Analysis.Circuits;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Measures;

public sealed class MeasuresDuringTrainingTests
{
    private static readonly HookedTransformerConfig Model = new() { NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, AttnOnly = true, Seed = 1 };

    private static TrainingConfig Training(int steps) => TinyRun.Training(steps) with { BatchSize = 16, TestExamples = 16, LogEvery = 10, CheckpointEvery = 10 };

    private static Trainer Repeat(int steps, ITrainingObserver? observer = null) =>
        new(RepeatTask.Create(length: 4, values: 8), Model, Training(steps)) { Observer = observer };

    private static MeasuresDuringTraining Measuring(int every, params string[] names) => new(MeasuresDuringTraining.Resolve(names), every);

    // metrics.csv without its wall-clock column, which no two runs share.
    private static string[] MetricsWithoutTime(string dir) =>
        MetricsLog.Read(dir).Select(r => r.ToCsv()[..r.ToCsv().LastIndexOf(',')]).ToArray();

    [Fact]
    public void Training_is_bitwise_the_same_with_and_without_measures()
    {
        string plain = TinyRun.NewDirectory(), measured = TinyRun.NewDirectory(), nudged = TinyRun.NewDirectory();
        Repeat(30).Run(plain);
        Repeat(30, Measuring(3, "losses", "weight_norms", "attention_entropy", "circuits")).Run(measured);

        Assert.Equal(TinyRun.Checkpoints(plain), TinyRun.Checkpoints(measured));
        Assert.Equal(MetricsWithoutTime(plain), MetricsWithoutTime(measured));
        Assert.Equal([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30], MeasuresDuringTraining.Read(measured)!.Steps);

        // The comparison sees an observer that does touch the model: one that nudges a weight by
        // one float step at step 12 changes every checkpoint from step 20 on.
        Repeat(30, new NudgingObserver(12)).Run(nudged);
        Assert.Equal(TinyRun.Checkpoints(plain)["step_000010.safetensors"], TinyRun.Checkpoints(nudged)["step_000010.safetensors"]);
        Assert.NotEqual(TinyRun.Checkpoints(plain)["step_000020.safetensors"], TinyRun.Checkpoints(nudged)["step_000020.safetensors"]);
    }

    [Fact]
    public void The_table_has_analyzes_columns_and_its_numbers_at_the_checkpoints()
    {
        string dir = TinyRun.NewDirectory();
        Repeat(30, Measuring(5, "weight_norms", "circuits")).Run(dir);
        RunAnalyzer.Analyze(dir, measures: MeasuresDuringTraining.Resolve(["weight_norms", "circuits"]));
        var training = MeasuresDuringTraining.Read(dir)!;
        var analysed = MeasureTable.Load(dir);

        Assert.Equal(analysed.Columns, training.Columns);
        Assert.Contains(CircuitDetectorsMeasure.Column(CircuitDetectors.Induction, 1, 0), training.Columns);
        // Analyze reads the checkpoints back from disk; training measured the live model.
        for (int row = 0; row < analysed.Steps.Count; row++)
        {
            int at = training.Steps.ToList().IndexOf(analysed.Steps[row]);
            Assert.True(at >= 0, $"step {analysed.Steps[row]} was not measured during training");
            foreach (string column in analysed.Columns)
            {
                Assert.Equal(analysed[row, column], training[at, column], 12);
            }
        }
    }

    [Fact]
    public void A_resumed_run_rewrites_its_rows_from_the_checkpoint_and_ends_as_an_unbroken_one()
    {
        string broken = TinyRun.NewDirectory(), unbroken = TinyRun.NewDirectory();
        // Ends at step 23, measured there (the last step); resumed from that checkpoint to 40, the
        // row at 23 is not one an unbroken run has, and each other row must appear once.
        Repeat(23, Measuring(5, "weight_norms")).Run(broken);
        Assert.Equal([0, 5, 10, 15, 20, 23], MeasuresDuringTraining.Read(broken)!.Steps);
        Trainer.Resume(broken, TinyRun.Create, 40, observer: Measuring(5, "weight_norms"));
        Repeat(40, Measuring(5, "weight_norms")).Run(unbroken);

        Assert.Equal(
            File.ReadAllText(Path.Combine(unbroken, MeasuresDuringTraining.FileName)),
            File.ReadAllText(Path.Combine(broken, MeasuresDuringTraining.FileName)));
    }

    [Fact]
    public void Resuming_with_other_measures_than_the_table_holds_is_refused()
    {
        string dir = TinyRun.NewDirectory();
        Repeat(20, Measuring(5, "weight_norms")).Run(dir);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Resume(dir, TinyRun.Create, 30, observer: Measuring(5, "circuits")));
        Assert.Contains("--measure the run was trained with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_known_ones_and_the_nearest()
    {
        var error = Assert.Throws<ArgumentException>(() => MeasuresDuringTraining.Resolve(["weight_norms,circuit"]));
        Assert.Contains("'circuit'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'circuits'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("losses, weight_norms, attention_entropy, circuits, grokking", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", Assert.Throws<ArgumentException>(() => MeasuresDuringTraining.Resolve(["xyzzyplugh"])).Message, StringComparison.Ordinal);
        Assert.Equal(["weight_norms", "circuits"], MeasuresDuringTraining.Resolve(["Circuits", "weight_norms,circuits"]).Select(m => m.Name));
    }

    [Fact]
    public void A_measure_that_does_not_apply_refuses_the_run_before_anything_is_written()
    {
        // The circuit detectors need attention heads; the MLP has none.
        string mlp = TinyRun.NewDirectory();
        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(TinyRun.Task, new MlpConfig(), TinyRun.Training(20)) { Observer = Measuring(5, "circuits") }.Run(mlp));
        Assert.Contains("'circuits' does not apply", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(mlp));

        // Grokking's measures track the final model's key frequencies, which do not exist yet.
        string add = TinyRun.NewDirectory();
        error = Assert.Throws<ArgumentException>(() =>
            new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(20)) { Observer = Measuring(5, "grokking") }.Run(add));
        Assert.Contains("cannot run during training", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(add));
    }

    // Adds one float step to the first weight at one step: a (wrong) observer the bitwise test must catch.
    private sealed class NudgingObserver(int at) : ITrainingObserver
    {
        public int Every => 1;

        public void Begin(RunFolder run)
        {
        }

        public void Start(int step)
        {
        }

        public void Observe(int step, IModel model, MetricsRow? logged)
        {
            if (step == at)
            {
                var weights = model.TrainableTensors()[0].Data;
                weights[0] = MathF.BitIncrement(weights[0]);
            }
        }
    }
}
