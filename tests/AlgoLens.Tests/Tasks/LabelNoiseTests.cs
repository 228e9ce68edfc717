using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public sealed class LabelNoiseTests
{
    private static IEnumeratedTask Add(params (string Key, string Value)[] options) =>
        (IEnumeratedTask)TaskRegistry.Create("add", new TaskOptions { P = 23, Extra = options.ToDictionary(o => o.Key, o => o.Value) });

    [Fact]
    public void The_given_fraction_of_examples_gets_a_wrong_label_and_the_rest_keep_theirs()
    {
        var clean = Add().Generate();
        var noisy = Add(("label_noise", "0.2"), ("label_seed", "3")).Generate();
        Assert.Equal(clean.Input.Tokens!.Ids, noisy.Input.Tokens!.Ids);
        Assert.Equal(clean.Targets.LossMask, noisy.Targets.LossMask);
        var pairs = clean.Targets.Classes!.Zip(noisy.Targets.Classes!).Where(p => p.First >= 0).ToArray();
        Assert.Equal(529, pairs.Length);
        Assert.Equal(106, pairs.Count(p => p.First != p.Second)); // round(0.2 · 529): never the true class
        Assert.All(pairs, p => Assert.InRange(p.Second, 0, 22));
        // The wrong labels spread over the other classes rather than one shift.
        Assert.True(pairs.Where(p => p.First != p.Second).Select(p => (p.Second - p.First + 23) % 23).Distinct().Count() > 10);
    }

    [Fact]
    public void The_noise_is_a_function_of_the_label_seed_and_is_recorded()
    {
        var task = Add(("label_noise", "0.5"), ("label_seed", "7"));
        Assert.Equal("0.5", task.Settings["label_noise"]);
        Assert.Equal("7", task.Settings["label_seed"]);
        Assert.False(task.Settings.ContainsKey("random_labels"));
        Assert.Contains("0.5 of the examples with a random wrong label", task.Description);
        var rebuilt = (IEnumeratedTask)TaskRegistry.Create("add", TaskOptions.FromSettings(task.Settings));
        Assert.Equal(task.Generate().Targets.Classes, rebuilt.Generate().Targets.Classes);
        Assert.NotEqual(task.Generate().Targets.Classes, Add(("label_noise", "0.5"), ("label_seed", "8")).Generate().Targets.Classes);
    }

    [Fact]
    public void A_noisy_run_holds_out_the_same_examples_as_the_clean_task_so_clean_test_accuracy_can_be_measured()
    {
        // Double descent (problem 3.29) reads test error on clean labels: evaluating a noisy run
        // with the clean task gives the same held-out inputs, their labels uncorrupted.
        var config = new AlgoLens.Training.TrainingConfig { TrainFraction = 0.5, Seed = 5 };
        var noisy = new AlgoLens.Training.TrainingData(Add(("label_noise", "0.3")), config);
        var clean = new AlgoLens.Training.TrainingData(Add(), config);
        Assert.Equal(clean.TestIndices, noisy.TestIndices);
        Assert.Equal(clean.Test.Input.Tokens!.Ids, noisy.Test.Input.Tokens!.Ids);
        Assert.NotEqual(clean.Test.Targets.Classes, noisy.Test.Targets.Classes);
    }

    [Fact]
    public void No_noise_is_the_plain_task_and_full_noise_changes_every_label()
    {
        Assert.IsType<ModularArithmeticTask>(Add(("label_noise", "0")));
        var clean = Add().Generate().Targets.Classes!;
        var all = Add(("label_noise", "1")).Generate().Targets.Classes!;
        Assert.All(clean.Zip(all).Where(p => p.First >= 0), p => Assert.NotEqual(p.First, p.Second));
    }

    [Fact]
    public void Noise_that_cannot_work_is_refused_with_the_reason()
    {
        Assert.Contains("choose one", Assert.Throws<ArgumentException>(() => Add(("label_noise", "0.1"), ("random_labels", "true"))).Message);
        Assert.Contains("from 0 to 1", Assert.Throws<ArgumentException>(() => Add(("label_noise", "1.5"))).Message);
        var sampled = Assert.Throws<ArgumentException>(() => TaskRegistry.Create("prev-token", new TaskOptions
        {
            Extra = new Dictionary<string, string> { ["label_noise"] = "0.1" },
        }));
        Assert.Contains("label_noise needs an enumerated task", sampled.Message);
    }
}
