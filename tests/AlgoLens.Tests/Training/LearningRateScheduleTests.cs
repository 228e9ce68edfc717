using System.Text.Json.Nodes;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

public class LearningRateScheduleTests
{
    private static TrainingConfig Cosine(int steps) => TinyRun.Training(steps) with { LrSchedule = "cosine", LogEvery = 5 };

    /// <summary>The cosine schedule written out from its definition, independently of the optimizer's schedule classes.</summary>
    private static double ClosedForm(int step, double lr, double min, int warmup, int horizon) =>
        step < warmup ? lr * step / warmup
        : step >= horizon ? min
        : min + (lr - min) * (1 + Math.Cos(Math.PI * (step - warmup) / (horizon - warmup))) / 2;

    [Fact]
    public void TheCosineRateAtEachLoggedStepIsTheClosedForm()
    {
        string dir = TinyRun.NewDirectory();
        var training = Cosine(120) with { WarmupSteps = 10, MinLearningRate = 2e-4, DecaySteps = 80 };
        new Trainer(TinyRun.Task, TinyRun.Model, training).Run(dir);
        var rows = MetricsLog.Read(dir);
        Assert.Equal(25, rows.Count); // steps 0, 5, ..., 120: warm-up, decay and the floor after step 80
        foreach (var row in rows)
        {
            Assert.Equal(ClosedForm(row.Step, 3e-3, 2e-4, 10, 80), row.LearningRate, 1e-15);
        }
        Assert.Equal(3e-3, rows.Single(r => r.Step == 10).LearningRate, 1e-15);
        Assert.Equal((3e-3 + 2e-4) / 2, rows.Single(r => r.Step == 45).LearningRate, 1e-15); // half way through the decay
    }

    [Fact]
    public void TheCosineDefaultsAreFixedInRunJsonWhenTheRunIsCreated()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, Cosine(40)).Run(dir);
        var stored = RunInfo.Load(dir).Training;
        Assert.Equal("cosine", stored.LrSchedule);
        Assert.Equal(3e-4, stored.MinLearningRate!.Value, 1e-18); // a tenth of the rate
        Assert.Equal(40, stored.DecaySteps);
        Assert.Equal(3e-4, MetricsLog.Read(dir)[^1].LearningRate, 1e-15);
    }

    [Fact]
    public void AStoppedCosineRunResumesBitwiseAsAnUnbrokenOne()
    {
        string unbroken = TinyRun.NewDirectory(), broken = TinyRun.NewDirectory();
        var training = Cosine(100) with { BatchSize = 16 };
        new Trainer(TinyRun.Task, TinyRun.Model, training).Run(unbroken);

        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Step == 37)
            {
                stop.Cancel();
            }
        });
        Assert.Equal("stopped", new Trainer(TinyRun.Task, TinyRun.Model, training).Run(broken, progress, stop.Token).Status);
        Assert.Equal("completed", Trainer.Resume(broken, TinyRun.Create).Status);

        var actual = TinyRun.Checkpoints(broken);
        actual.Remove("step_000037.safetensors"); // the extra checkpoint written when it stopped
        Assert.Equal(TinyRun.Checkpoints(unbroken), actual);
        Assert.Equal(MetricsLog.Read(unbroken).Select(r => r.LearningRate), MetricsLog.Read(broken).Where(r => r.Step != 37).Select(r => r.LearningRate));
    }

    [Fact]
    public void ExtendingACosineRunKeepsItsHorizonAndThenTheMinimum()
    {
        string extended = TinyRun.NewDirectory(), unbroken = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, Cosine(50)).Run(extended);
        var info = Trainer.Resume(extended, TinyRun.Create, totalSteps: 100);
        Assert.Equal(50, info.Training.DecaySteps);
        Assert.Equal(100, info.Training.Steps);

        // The same curve, trained in one go: a horizon of 50 inside 100 steps.
        new Trainer(TinyRun.Task, TinyRun.Model, Cosine(100) with { DecaySteps = 50 }).Run(unbroken);
        Assert.Equal(TinyRun.Checkpoints(unbroken), TinyRun.Checkpoints(extended));
        Assert.All(MetricsLog.Read(extended).Where(r => r.Step >= 50), r => Assert.Equal(3e-4, r.LearningRate, 1e-15));
    }

    [Fact]
    public void ARunJsonWithoutScheduleFieldsIsAConstantRunAndResumesAsOne()
    {
        string unbroken = TinyRun.NewDirectory(), old = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100)).Run(unbroken);
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(old);

        // run.json as it was written before schedules existed: no schedule fields at all.
        string path = Path.Combine(old, RunInfo.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var training = json["training"]!.AsObject();
        Assert.False(training.ContainsKey("lr_schedule")); // a constant run does not write them
        training.Remove("min_learning_rate");
        training.Remove("decay_steps");
        File.WriteAllText(path, json.ToJsonString());

        var loaded = RunInfo.Load(old).Training;
        Assert.Equal("constant", loaded.LrSchedule);
        Assert.Null(loaded.MinLearningRate);
        Assert.Null(loaded.DecaySteps);
        Trainer.Resume(old, TinyRun.Create, totalSteps: 100);
        Assert.Equal(TinyRun.Checkpoints(unbroken), TinyRun.Checkpoints(old));
    }

    [Theory]
    [InlineData("cosine", -1e-4, null, "minimum learning rate is -0.0001")]
    [InlineData("cosine", 5e-3, null, "is above the learning rate 0.003")]
    [InlineData("cosine", null, 5, "decay steps is 5, but the decay starts after the 10-step warm-up")]
    [InlineData("constant", 1e-4, null, "add --lr-schedule cosine")]
    [InlineData("cosin", null, null, "did you mean 'cosine'?")]
    public void BadScheduleSettingsAreRefusedWithTheFix(string schedule, double? min, int? horizon, string message)
    {
        var training = TinyRun.Training(100) with { LrSchedule = schedule, MinLearningRate = min, DecaySteps = horizon };
        var error = Assert.Throws<ArgumentException>(() => new Trainer(TinyRun.Task, TinyRun.Model, training));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACosineRunShorterThanItsWarmUpIsRefusedBeforeItStarts()
    {
        var training = TinyRun.Training(100) with { Steps = 5, LrSchedule = "cosine" };
        Assert.Equal(10, training.WarmupSteps);
        var error = Assert.Throws<ArgumentException>(() => new Trainer(TinyRun.Task, TinyRun.Model, training));
        Assert.Contains("the cosine decay ends at the run's last step (5), before the 10-step warm-up is over", error.Message, StringComparison.Ordinal);
        // The constant schedule has no decay to make, so a short run of it is fine.
        _ = new Trainer(TinyRun.Task, TinyRun.Model, training with { LrSchedule = "constant" });
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
