using AlgoLens.Tasks;
using AlgoLens.Tasks.Arithmetic;
using AlgoLens.Training;

namespace AlgoLens.Tests.Tasks;

/// <summary>An unset <see cref="TaskOptions.P"/> means each task's own default modulus.</summary>
public class DefaultModulusTests
{
    private static string? P(ITask task) => task.Settings.GetValueOrDefault("p");

    [Fact]
    public void RecurrenceUsesItsOwnModulusUnlessPIsGiven()
    {
        Assert.Null(new TaskOptions().P);
        var task = Assert.IsType<RecurrenceTask>(TaskRegistry.Create("recurrence"));
        Assert.Equal((11, "11", 11), (task.P, P(task), task.Vocabulary.Count));
        Assert.Equal("11", TaskRegistry.All.Single(t => t.Name == "recurrence").Options.Single(o => o.Name == "p").DefaultValue);

        Assert.Equal(113, ((RecurrenceTask)TaskRegistry.Create("recurrence", new TaskOptions { P = 113 })).P);
        Assert.Equal(7, ((RecurrenceTask)TaskRegistry.Create("recurrence", new TaskOptions { P = 7 })).P);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("sub")]
    [InlineData("div")]
    [InlineData("min")]
    [InlineData("max")]
    public void TheModularTasksStillDefaultTo113(string name)
    {
        Assert.Equal("113", P(TaskRegistry.Create(name)));
        Assert.Equal(TaskRegistry.Create(name, new TaskOptions { P = 113 }).Vocabulary.Names, TaskRegistry.Create(name).Vocabulary.Names);
    }

    [Fact]
    public void AMultitaskSharesOneModulusOf113AsBefore()
    {
        var mixture = TaskRegistry.Create("multitask", new TaskOptions { Extra = new Dictionary<string, string> { ["tasks"] = "add,recurrence" } });
        Assert.Equal("113", P(mixture));
        Assert.DoesNotContain(mixture.Settings.Keys, k => k == "recurrence.p");
    }

    [Fact]
    public void SettingsWithoutPReadBackAsUnsetAndRunJsonsKeepTheirModulus()
    {
        Assert.Null(TaskOptions.FromSettings(new Dictionary<string, string> { ["length"] = "5" }).P);
        // A recurrence run made before P could be unset recorded p = 113; it is rebuilt with 113.
        var old = TaskOptions.FromSettings(new Dictionary<string, string> { ["p"] = "113", ["a"] = "1", ["b"] = "1", ["length"] = "16" });
        Assert.Equal(113, ((RecurrenceTask)TaskRegistry.Create("recurrence", old)).P);
    }

    [Fact]
    public void ThePresetsModuliAreUnchanged()
    {
        Assert.Equal(113, Presets.Grokking.TaskOptions.P);
        Assert.Equal("113", P(TaskRegistry.Create(Presets.Grokking.Task, Presets.Grokking.TaskOptions)));
        var recurrence = Presets.Get("recurrence");
        Assert.Equal("11", P(TaskRegistry.Create(recurrence.Task, recurrence.TaskOptions)));
    }
}
