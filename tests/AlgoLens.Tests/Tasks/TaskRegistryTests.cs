using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public class TaskRegistryTests
{
    private static readonly string[] ExpectedNames =
    [
        "add", "sub", "mul", "div", "x2_plus_y2", "x2_xy_y2", "x2_xy_y2_x", "x3_xy", "x3_xy2_y",
        "odd_div_else_sub", "s5_compose", "min", "max",
    ];

    public static TheoryData<string> Names() => new(ExpectedNames);

    [Fact]
    public void ListsEveryTaskOnceWithADescription()
    {
        var names = TaskRegistry.All.Select(t => t.Name).ToArray();
        Assert.Equal(ExpectedNames, names.Take(ExpectedNames.Length));
        Assert.Contains("sparse-features", names);
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(TaskRegistry.All, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryNameCreatesItsTaskAndSettingsRebuildIt(string name)
    {
        ITask task = TaskRegistry.Create(name, new TaskOptions { P = 97 });
        Assert.Equal(name, task.Name);
        Assert.Equal(TaskRegistry.All.Single(t => t.Name == name).Description, task.Description);
        Assert.Equal(task.Vocabulary.Count, ((IEnumeratedTask)task).Generate().Input.Tokens!.Ids.Max() + 1);

        ITask rebuilt = TaskRegistry.Create(name, TaskOptions.FromSettings(task.Settings));
        Assert.Equal(task.Vocabulary.Names, rebuilt.Vocabulary.Names);
        Assert.Equal(task.Settings, rebuilt.Settings);
    }

    [Fact]
    public void DefaultsAreTheGrokkingRun()
    {
        var task = (ModularArithmeticTask)TaskRegistry.Create("add");
        Assert.Equal(113, task.P);
        Assert.Equal(114, task.Vocabulary.Count);
        TaskOptionInfo p = Assert.Single(TaskRegistry.All.Single(t => t.Name == "div").Options);
        Assert.Equal(("p", "113"), (p.Name, p.DefaultValue));
        Assert.Contains("prime", p.Description);
        Assert.Empty(TaskRegistry.All.Single(t => t.Name == "s5_compose").Options);
    }

    [Fact]
    public void NamesAreCaseInsensitive() => Assert.Equal("add", TaskRegistry.Create(" ADD ").Name);

    [Theory]
    [InlineData("ad", "add")]
    [InlineData("addition", "add")]
    [InlineData("dvi", "div")]
    [InlineData("x2_xy_y", "x2_xy_y2")]
    [InlineData("s5_compse", "s5_compose")]
    [InlineData("maximum", "max")]
    public void UnknownNameListsTheKnownOnesAndSuggestsTheClosest(string name, string suggestion)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create(name));
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains($"Did you mean '{suggestion}'?", error.Message);
        Assert.All(ExpectedNames, known => Assert.Contains(known, error.Message));
    }

    [Fact]
    public void OptionProblemsAreReported()
    {
        Assert.Contains("114 = 2·3·19", Assert.Throws<ArgumentException>(() => TaskRegistry.Create("div", new TaskOptions { P = 114 })).Message);

        var stray = new TaskOptions { Extra = new Dictionary<string, string> { ["modulus"] = "97" } };
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create("add", stray));
        Assert.Contains("'modulus'", error.Message);
        Assert.Contains("did you mean 'p'? It takes: p", error.Message);

        var pAsExtra = new TaskOptions { Extra = new Dictionary<string, string> { ["p"] = "97" } };
        Assert.Contains("TaskOptions.P", Assert.Throws<ArgumentException>(() => TaskRegistry.Create("add", pAsExtra)).Message);

        Assert.Contains("'abc'", Assert.Throws<ArgumentException>(() => TaskOptions.FromSettings(new Dictionary<string, string> { ["p"] = "abc" })).Message);
    }
}
