using AlgoLens.Tasks;
using AlgoLens.Tasks.Groups;

namespace AlgoLens.Tests.Tasks.Groups;

public class GroupTaskTests
{
    private static ITask Create(string group) =>
        TaskRegistry.Create("group", new TaskOptions { Extra = new Dictionary<string, string> { ["group"] = group } });

    [Fact]
    public void S5IsTheDataOfS5Compose()
    {
        var task = (GroupTask)Create("s5");
        var s5 = new S5CompositionTask();
        Assert.Equal(s5.Vocabulary.Names, task.Vocabulary.Names);
        var mine = new BinaryData(task.Generate());
        var theirs = new BinaryData(s5.Generate());
        Assert.Equal(theirs.Labels, mine.Labels);
        Assert.Equal("S5", task.Settings["group"]);
    }

    [Theory]
    [InlineData("D7", 14)]
    [InlineData("A5", 60)]
    [InlineData("C113", 113)]
    [InlineData("C5xC5", 25)]
    public void LabelsAreTheGroupProductAndMatchAnswer(string name, int order)
    {
        var task = (GroupTask)Create(name);
        Assert.Equal(order + 1, task.Vocabulary.Count);
        Assert.Equal(order, task.OutputVocabulary.Count);
        var data = new BinaryData(task.Generate());
        Assert.Equal(order * order, data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<int> input = data.Input(i);
            // The product from the permutations themselves, apply a then b.
            int[] pa = task.Group.Permutation(input[0]), pb = task.Group.Permutation(input[1]);
            int[] composed = pa.Select(x => pb[x]).ToArray();
            Assert.Equal(composed, task.Group.Permutation(data.Labels[i]));
            Assert.Equal([-1, -1, data.Labels[i]], task.Answer(input));
        }
    }

    [Fact]
    public void DefaultIsS5AndBadGroupsNameTheOption()
    {
        var task = (GroupTask)TaskRegistry.Create("group");
        Assert.Equal("S5", task.Group.Name);
        var e = Assert.Throws<ArgumentException>(() => Create("S9"));
        Assert.Contains("option group = 'S9'", e.Message, StringComparison.Ordinal);
        Assert.Contains("S9: n must be 1 to 6", e.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => TaskRegistry.Create("group", new TaskOptions { Extra = new Dictionary<string, string> { ["grup"] = "S5" } }));
        Assert.Contains("did you mean 'group'", unknown.Message, StringComparison.Ordinal);
    }
}
