using AlgoLens.Tasks.Logic;
using static AlgoLens.Tests.Tasks.Logic.LogicTaskChecks;

namespace AlgoLens.Tests.Tasks.Logic;

public sealed class SparseParityTaskTests
{
    [Fact]
    public void The_class_is_the_parity_of_the_secret_bits_only()
    {
        var task = SparseParityTask.Create(n: 8, k: 3, secretSeed: 4);
        var secret = task.Secret;
        Assert.Equal(3, secret.Distinct().Count());
        Assert.All(secret, i => Assert.InRange(i, 0, 7));

        string Bits(Func<int, bool> one) => string.Join(" ", Enumerable.Range(0, 8).Select(i => one(i) ? "1" : "0"));
        string Class(string input) => AnswerText(task, input)[^1];
        Assert.Equal("0", Class(Bits(_ => false)));
        Assert.Equal("1", Class(Bits(i => i == secret[1])));
        Assert.Equal("0", Class(Bits(i => i == secret[0] || i == secret[2])));
        Assert.Equal("1", Class(Bits(_ => true)));
        Assert.Equal("0", Class(Bits(i => !secret.Contains(i))));
        Assert.All(AnswerText(task, Bits(_ => true))[..^1], a => Assert.Equal("·", a));
    }

    [Fact]
    public void The_secret_set_follows_its_seed()
    {
        Assert.Equal(SparseParityTask.Create(secretSeed: 3).Secret, SparseParityTask.Create(secretSeed: 3).Secret);
        Assert.NotEqual(SparseParityTask.Create(secretSeed: 0).Secret, SparseParityTask.Create(secretSeed: 1).Secret);
        Assert.Equal(Enumerable.Range(0, 5), SparseParityTask.Create(n: 5, k: 5).Secret);
    }

    [Fact]
    public void Bits_and_classes_are_uniform()
    {
        var task = SparseParityTask.Create(n: 10, k: 3);
        var rows = Rows(task, 4000).ToArray();
        // Every bit, the secret ones included, is 1 about half the time (within four standard deviations).
        for (int i = 0; i < 10; i++)
        {
            Assert.InRange(rows.Count(r => r.Input[i] == 1), 1870, 2130);
        }
        Assert.InRange(rows.Count(r => r.Target[^1] == 1), 1870, 2130);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 6)]
    [InlineData(30, 2)]
    public void The_generator_agrees_with_the_ground_truth_for_other_options(int n, int k)
    {
        GeneratorAgreesWithGroundTruth(SparseParityTask.Create(n, k, secretSeed: 9));
    }

    [Fact]
    public void Bad_options_are_refused_by_name()
    {
        Assert.Contains("use k <= n", RefusedOptions("sparse-parity", ("n", "4"), ("k", "5")));
        Assert.Contains("option n", RefusedOptions("sparse-parity", ("n", "0")));
        Assert.Contains("option k", RefusedOptions("sparse-parity", ("k", "0")));
        Assert.Contains("option secret_seed", RefusedOptions("sparse-parity", ("secret_seed", "-1")));
    }
}
