using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public sealed class RandomLabelsTaskTests
{
    [Fact]
    public void Labels_are_a_seeded_shuffle_of_the_task_s_own_labels()
    {
        var plain = (IEnumeratedTask)TaskRegistry.Create("add", new TaskOptions { P = 23 });
        var shuffled = (IEnumeratedTask)TaskRegistry.Create("add", new TaskOptions
        {
            P = 23, Extra = new Dictionary<string, string> { ["random_labels"] = "true", ["label_seed"] = "4" },
        });
        var original = plain.Generate();
        var random = shuffled.Generate();

        Assert.Equal(original.Input.Tokens!.Ids, random.Input.Tokens!.Ids);
        // Same multiset of labels, at the same (last) position, but mostly moved.
        Assert.Equal(original.Targets.Classes!.Order(), random.Targets.Classes!.Order());
        Assert.Equal(original.Targets.LossMask, random.Targets.LossMask);
        int same = original.Targets.Classes!.Zip(random.Targets.Classes!).Count(p => p.First >= 0 && p.First == p.Second);
        Assert.InRange(same, 0, 23 * 23 / 10); // chance agreement is 1/23 of 529
        Assert.Equal("true", shuffled.Settings["random_labels"]);
        Assert.Equal("4", shuffled.Settings["label_seed"]);
        Assert.IsNotAssignableFrom<ITokenGroundTruth>(shuffled);
    }

    [Fact]
    public void The_shuffle_depends_on_the_label_seed_only()
    {
        IEnumeratedTask Make(string seed) => (IEnumeratedTask)TaskRegistry.Create("max", new TaskOptions
        {
            P = 13, Extra = new Dictionary<string, string> { ["random_labels"] = "yes", ["label_seed"] = seed },
        });
        Assert.Equal(Make("1").Generate().Targets.Classes, Make("1").Generate().Targets.Classes);
        Assert.NotEqual(Make("1").Generate().Targets.Classes, Make("2").Generate().Targets.Classes);
    }

    [Fact]
    public void Sampled_tasks_and_bad_values_are_refused_with_the_reason()
    {
        var sampled = Assert.Throws<ArgumentException>(() => TaskRegistry.Create("sparse-features", new TaskOptions
        {
            Extra = new Dictionary<string, string> { ["random_labels"] = "true" },
        }));
        Assert.Contains("enumerated", sampled.Message);
        var bad = Assert.Throws<ArgumentException>(() => TaskRegistry.Create("add", new TaskOptions
        {
            Extra = new Dictionary<string, string> { ["random_labels"] = "maybe" },
        }));
        Assert.Contains("true or false", bad.Message);
    }
}
