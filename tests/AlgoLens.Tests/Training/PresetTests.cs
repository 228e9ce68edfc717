using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

/// <summary>Presets name their task by its definition, and every preset's task is one the registry builds.</summary>
public sealed class PresetTests
{
    [Fact]
    public void A_preset_named_by_its_task_definition_records_the_registry_name()
    {
        var preset = new Preset("mine", "a test preset", SortTask.Definition, new TaskOptions(), new HookedTransformerConfig(), new TrainingConfig());
        Assert.Equal(SortTask.TaskName, preset.Task);
        Assert.Throws<ArgumentNullException>(() => new Preset("mine", "x", (TaskDefinition)null!, new TaskOptions(), new HookedTransformerConfig(), new TrainingConfig()));
    }

    [Fact]
    public void Every_preset_names_a_task_the_registry_knows()
    {
        foreach (var preset in Presets.All)
        {
            Assert.True(TaskRegistry.Contains(preset.Task), $"preset {preset.Name} names task '{preset.Task}'");
        }
    }
}
