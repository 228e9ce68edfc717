using AlgoLens.Tasks;
using AlgoLens.Tasks.Language;
using AlgoLens.Tasks.Logic;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Training;

namespace AlgoLens.Tests.Tasks;

/// <summary>The presets that train a task with other options than its defaults: they build the task variant they name, and train.</summary>
public sealed class VariantPresetsTests
{
    [Theory]
    [InlineData("repeat-embedded", "repeat")]
    [InlineData("code-output-swap", "code-output")]
    [InlineData("shortest-path-path", "shortest-path")]
    public void Each_variant_preset_builds_its_task_with_its_options_and_trains(string name, string task)
    {
        var preset = Presets.Get(name);
        Assert.Equal(task, preset.Task);
        var built = TaskRegistry.Create(preset.Task, preset.TaskOptions);
        switch (built)
        {
            case RepeatTask repeat:
                Assert.Equal(RepeatLayout.Embedded, repeat.Layout);
                break;
            case ShortestPathTask path:
                Assert.True(path.PredictPath);
                break;
            case CodeOutputTask:
                Assert.Equal("set,copy,swap", built.Settings["ops"]);
                break;
        }
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        // Two steps need a warm-up no longer than one: a cosine schedule decays over the run's steps after it.
        var training = preset.Training with { Steps = 2, WarmupSteps = 1, TestExamples = 8, LogEvery = 1, CheckpointEvery = 2 };
        Assert.Equal("completed", new Trainer(built, preset.Model, training).Run(dir).Status);
    }
}
