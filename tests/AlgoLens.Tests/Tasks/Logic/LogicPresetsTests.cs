using AlgoLens.Tasks;
using AlgoLens.Training;
using AlgoLens.Training.TaskPresets;

namespace AlgoLens.Tests.Tasks.Logic;

public sealed class LogicPresetsTests
{
    public static TheoryData<string> PresetNames() => new(LogicPresets.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void Each_preset_is_named_as_its_task_and_trains(string name)
    {
        var preset = Presets.Get(name);
        Assert.StartsWith(preset.Task, preset.Name); // the task's name, or it and a variant (shortest-path-path)
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        // Two steps cannot hold the preset's warm-up; a cosine decay needs its warm-up to end within the run.
        var training = preset.Training with { Steps = 2, WarmupSteps = 1, TestExamples = 8, LogEvery = 1, CheckpointEvery = 2 };
        var info = new Trainer(TaskRegistry.Create(preset.Task, preset.TaskOptions), preset.Model, training).Run(dir);
        Assert.Equal("completed", info.Status);
    }

    [Fact]
    public void Sparse_parity_preset_leaves_its_plateau_and_reaches_99_percent()
    {
        // Seed 0 sits near chance for about 100 steps, then climbs; 400 steps leave a margin.
        var preset = Presets.Get("sparse-parity");
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        var training = preset.Training with { Steps = 400, LogEvery = 400, CheckpointEvery = 400, TestExamples = 512 };
        var info = new Trainer(TaskRegistry.Create(preset.Task, preset.TaskOptions), preset.Model, training).Run(dir);
        var rows = MetricsLog.Read(dir);
        Assert.InRange(rows[0].TestAccuracy, 0.4, 0.6);
        Assert.True(rows[^1].TestAccuracy >= 0.99, $"test accuracy {rows[^1].TestAccuracy} after 400 steps");
        Assert.Equal("completed", info.Status);
    }
}
