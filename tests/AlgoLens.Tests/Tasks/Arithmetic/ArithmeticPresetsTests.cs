using AlgoLens.Tasks;
using AlgoLens.Training;
using AlgoLens.Training.TaskPresets;

namespace AlgoLens.Tests.Tasks.Arithmetic;

public class ArithmeticPresetsTests
{
    public static TheoryData<string> Names() => new(ArithmeticPresets.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_preset_is_listed_named_as_its_task_and_fits_it(string name)
    {
        Preset preset = Presets.Get(name);
        Assert.Same(ArithmeticPresets.All.Single(p => p.Name == name), preset);
        ITask task = TaskRegistry.Create(preset.Task, preset.TaskOptions);
        Assert.Equal(name, task.Name);
        preset.Model.WithTaskShape(Trainer.ShapeOf(task), seed: 0).Validate();
        preset.Training.Validate();
        Assert.True(task is not ISampledTask || preset.Training.BatchSize > 0, $"{name} samples its data, so it needs a batch size.");
    }
}
