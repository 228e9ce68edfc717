using AlgoLens.Cli.Commands;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

public class LrScheduleOptionTests
{
    /// <summary>run.json of a cosine run of the small preset, as the trainer writes it (defaults resolved), without training it.</summary>
    private static RunInfo CosineRun()
    {
        var preset = Presets.Small;
        var task = TaskRegistry.Create(preset.Task, preset.TaskOptions);
        var trainer = new Trainer(task, preset.Model, preset.Training with { LrSchedule = "cosine" });
        return new RunInfo { Task = task.Name, TaskSettings = task.Settings.ToDictionary(kv => kv.Key, kv => kv.Value), Training = trainer.ResolvedTraining }
            .WithModel(trainer.ModelConfig);
    }

    [Fact]
    public void TheCommandLineSetsTheScheduleAndSwitchingItDropsThePresetsCosineFields()
    {
        var (_, _, training) = new TrainSettings { LrSchedule = "cosine", MinLr = 1e-5, DecaySteps = 4000 }.Build(Presets.Small);
        Assert.Equal(("cosine", 1e-5, 4000), (training.LrSchedule, training.MinLearningRate!.Value, training.DecaySteps!.Value));

        var cosinePreset = Presets.Small with { Training = training };
        (_, _, training) = new TrainSettings { LrSchedule = "constant" }.Build(cosinePreset);
        Assert.Equal(("constant", null, null), (training.LrSchedule, training.MinLearningRate, training.DecaySteps));
        (_, _, training) = new TrainSettings { Lr = 2e-3 }.Build(cosinePreset);
        Assert.Equal(("cosine", 1e-5, 4000), (training.LrSchedule, training.MinLearningRate!.Value, training.DecaySteps!.Value));
    }

    [Fact]
    public void ResumeSettingsChecksSeeTheScheduleFields()
    {
        var run = CosineRun();
        Assert.Equal(6000, run.Training.DecaySteps);
        Assert.Equal(1e-4, run.Training.MinLearningRate!.Value, 1e-18);

        // The run's own settings, a longer --steps (the horizon stays), or the preset with the run's schedule: nothing differs.
        Assert.Empty(RunSettingsCheck.Differences(new TrainSettings(), run));
        Assert.Empty(RunSettingsCheck.Differences(new TrainSettings { Steps = 9000 }, run));
        Assert.Empty(RunSettingsCheck.Differences(new TrainSettings { Preset = "small", LrSchedule = "cosine", Steps = 9000 }, run));
        Assert.Empty(RunSettingsCheck.Differences(new TrainSettings { MinLr = 1e-4, DecaySteps = 6000 }, run));

        Assert.Equal(["lr_schedule: the run has \"cosine\", asked (default)"], RunSettingsCheck.Differences(new TrainSettings { Preset = "small" }, run));
        Assert.Equal(["lr_schedule: the run has \"cosine\", asked (default)"], RunSettingsCheck.Differences(new TrainSettings { LrSchedule = "constant" }, run));
        Assert.Equal(["min_learning_rate: the run has 0.0001, asked 5E-05"], RunSettingsCheck.Differences(new TrainSettings { MinLr = 5e-5 }, run));
        Assert.Equal(["decay_steps: the run has 6000, asked 9000"], RunSettingsCheck.Differences(new TrainSettings { DecaySteps = 9000 }, run));
    }

    [Fact]
    public void AnUnknownScheduleNameGetsADidYouMean()
    {
        var (code, output) = Cli.Run(["train", "--preset", "small", "--lr-schedule", "cosin", "--out", Cli.NewDirectory(), "-q"]);
        Assert.True(code == 2, output);
        Assert.Contains("did you mean 'cosine'?", output, StringComparison.Ordinal);
    }
}
