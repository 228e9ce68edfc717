using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void SmallModulusReachesFullTrainAccuracyAndWritesTheRunFolder()
    {
        string dir = TinyRun.NewDirectory();
        var info = new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(300)).Run(dir);
        Assert.Equal("completed", info.Status);
        Assert.Equal(1.0, info.Summary!.Final!.TrainAccuracy);
        Assert.NotNull(info.Summary.StepTrainAccuracy100);
        Assert.Equal(300, info.Summary.StepsCompleted);
        Assert.Equal(72, info.TrainExamples); // floor(0.6 * 121)
        Assert.Equal(49, info.TestExamples);

        var rows = MetricsLog.Read(dir);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => i * 25), rows.Select(r => r.Step));
        Assert.Equal(0.0, rows[0].LearningRate); // the warm-up's first update has rate 0, as the paper's LambdaLR
        Assert.Equal([0, 50, 100, 150, 200, 250, 300], new CheckpointStore(Path.Combine(dir, "checkpoints")).Steps());

        var reloaded = RunInfo.Load(dir);
        Assert.Equal("add", reloaded.Task);
        Assert.Equal("11", reloaded.TaskSettings["p"]);
        Assert.Equal("transformer", reloaded.ModelKind);
        var model = Assert.IsType<HookedTransformerConfig>(reloaded.ModelConfig);
        Assert.Equal(12, model.DVocab);
        Assert.Equal(11, model.OutputVocab);

        var eval = RunEvaluation.Evaluate(dir, 300, TinyRun.Create);
        Assert.Equal(rows[^1].TrainLoss, eval.Splits["train"].Loss, 12);
        Assert.Equal(rows[^1].TestAccuracy, eval.Splits["test"].Metrics["accuracy"]);
    }

    [Fact]
    public void SameSettingsGiveBitwiseTheSameRun()
    {
        string a = TinyRun.NewDirectory(), b = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100)).Run(a);
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100)).Run(b);
        Assert.Equal(TinyRun.Checkpoints(a), TinyRun.Checkpoints(b));
        Assert.Equal(MetricsLog.Read(a).Select(r => r.ToCsv()[..r.ToCsv().LastIndexOf(',')]), MetricsLog.Read(b).Select(r => r.ToCsv()[..r.ToCsv().LastIndexOf(',')]));
        string c = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100) with { Seed = 1 }).Run(c);
        Assert.NotEqual(TinyRun.Checkpoints(a)["step_000100.safetensors"], TinyRun.Checkpoints(c)["step_000100.safetensors"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void StopAndResumeIsBitwiseAnUnbrokenRun(int batchSize)
    {
        string unbroken = TinyRun.NewDirectory(), broken = TinyRun.NewDirectory();
        var training = TinyRun.Training(200) with { BatchSize = batchSize };
        new Trainer(TinyRun.Task, TinyRun.Model, training).Run(unbroken);

        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Step == 80)
            {
                stop.Cancel();
            }
        });
        var stopped = new Trainer(TinyRun.Task, TinyRun.Model, training).Run(broken, progress, stop.Token);
        Assert.Equal("stopped", stopped.Status);
        Assert.Equal(80, stopped.Summary!.StepsCompleted);
        Assert.Contains(80, new CheckpointStore(Path.Combine(broken, "checkpoints")).Steps());

        var resumed = Trainer.Resume(broken, TinyRun.Create);
        Assert.Equal("completed", resumed.Status);
        var expected = TinyRun.Checkpoints(unbroken);
        var actual = TinyRun.Checkpoints(broken);
        actual.Remove("step_000080.safetensors"); // the extra checkpoint written when it stopped
        Assert.Equal(expected, actual);
        Assert.Equal(MetricsLog.Read(unbroken).Select(r => r.ToCsv()[..r.ToCsv().LastIndexOf(',')]),
            MetricsLog.Read(broken).Where(r => r.Step != 80).Select(r => r.ToCsv()[..r.ToCsv().LastIndexOf(',')]));
    }

    [Fact]
    public void ResumeCanExtendARun()
    {
        string a = TinyRun.NewDirectory(), b = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(150)).Run(a);
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100)).Run(b);
        var extended = Trainer.Resume(b, TinyRun.Create, totalSteps: 150);
        Assert.Equal(150, extended.Summary!.StepsCompleted);
        Assert.Equal(TinyRun.Checkpoints(a)["step_000150.safetensors"], TinyRun.Checkpoints(b)["step_000150.safetensors"]);
    }

    [Fact]
    public void AnExistingRunIsNotOverwritten()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(10)).Run(dir);
        var before = TinyRun.Checkpoints(dir);
        var error = Assert.Throws<IOException>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(10)).Run(dir));
        Assert.Contains("--resume", error.Message);
        Assert.Equal(before, TinyRun.Checkpoints(dir));
    }

    [Fact]
    public void BadSettingsAreRefusedWithReasons()
    {
        Assert.Contains("between 0 and 1", Assert.Throws<ArgumentException>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(10) with { TrainFraction = 1.2 })).Message);
        Assert.Contains("steps", Assert.Throws<ArgumentException>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(0))).Message);
        Assert.Contains("d_model is 0", Assert.Throws<AlgoLens.Models.ModelConfigException>(() => new Trainer(TinyRun.Task, TinyRun.Model with { DModel = 0 }, TinyRun.Training(10))).Message);
        Assert.Contains("prime", Assert.Throws<ArgumentException>(() => AlgoLens.Tasks.TaskRegistry.Create("div", new AlgoLens.Tasks.TaskOptions { P = 12 })).Message);
        Assert.Contains("add", Assert.Throws<ArgumentException>(() => AlgoLens.Tasks.TaskRegistry.Create("addd")).Message);
        Assert.Contains("grokking", Assert.Throws<ArgumentException>(() => Presets.Get("grok")).Message);
    }

    [Fact]
    public void ResumingSomethingThatIsNotARunSaysSo()
    {
        string dir = TinyRun.NewDirectory();
        Directory.CreateDirectory(dir);
        Assert.Contains("not a run folder", Assert.Throws<FileNotFoundException>(() => Trainer.Resume(dir, TinyRun.Create)).Message);
    }

    [Fact]
    public void ADivergingRunStopsAsDivergedWithValidRunJson()
    {
        string dir = TinyRun.NewDirectory();
        var info = new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100) with { LearningRate = 100 }).Run(dir);
        Assert.Equal("diverged", info.Status);
        var reloaded = RunInfo.Load(dir); // the NaN loss is written so that run.json stays valid JSON
        Assert.Equal("diverged", reloaded.Status);
        Assert.True(reloaded.Summary!.StepsCompleted < 100);
        Assert.True(double.IsNaN(reloaded.Summary.Final!.TrainLoss));
        Assert.Equal(reloaded.Summary.StepsCompleted, MetricsLog.Read(dir)[^1].Step);
    }

    [Fact]
    public void ResumingToFewerStepsThanDoneIsRefused()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100)).Run(dir);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Resume(dir, TinyRun.Create, totalSteps: 50));
        Assert.Contains("already at step 100", error.Message);
    }

    [Fact]
    public void LeftoversWithoutRunJsonAreNotReused()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(10)).Run(dir);
        File.Delete(Path.Combine(dir, RunInfo.FileName));
        string metrics = File.ReadAllText(Path.Combine(dir, MetricsLog.FileName));
        var error = Assert.Throws<IOException>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(10)).Run(dir));
        Assert.Contains("no run.json", error.Message);
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(dir, MetricsLog.FileName)));
    }

    /// <summary>IProgress that runs its callback on the reporting thread (Progress&lt;T&gt; posts asynchronously).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
