using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks;

/// <summary>
/// What every registered task promises, checked for each one with its default options: data in the
/// task's declared shape, its generator agreeing with its ground truth over many seeds, sampled
/// streams that are a pure function of the RNG, settings that rebuild the same task, and text that
/// round-trips through the vocabulary. A new task gets these checks by being registered.
/// </summary>
public sealed class TaskContractTests
{
    private const int SampledSeeds = 20;
    private const int SampledPerSeed = 50;

    public static TheoryData<string> TaskNames()
    {
        var names = new TheoryData<string>();
        foreach (var info in TaskRegistry.All)
        {
            names.Add(info.Name);
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Data_has_the_declared_shape(string name)
    {
        var task = TaskRegistry.Create(name);
        foreach (var batch in Batches(task))
        {
            Assert.True(batch.Input.Positions <= task.SequenceLength, $"{name}: {batch.Input.Positions} positions > SequenceLength {task.SequenceLength}");
            Assert.Equal(task.TargetKind == TargetKind.Classes, batch.Targets.IsClasses);
            Assert.NotEmpty(batch.Targets.LossPositions());
            if (task.InputWidth == 0)
            {
                var tokens = batch.Input.RequireTokens(name);
                Assert.All(tokens.Ids, id => Assert.InRange(id, 0, task.Vocabulary.Count - 1));
            }
            else
            {
                Assert.Equal(task.InputWidth, batch.Input.Width);
            }
            if (batch.Targets.Classes is { } classes)
            {
                Assert.All(classes, c => Assert.InRange(c, -1, task.OutputWidth - 1));
                Assert.Equal(task.OutputVocabulary.Count, task.OutputWidth);
            }
            else
            {
                Assert.Equal(task.OutputWidth, batch.Targets.Width);
            }
        }
    }

    [Fact]
    public void Every_task_with_token_targets_has_a_ground_truth()
    {
        foreach (var info in TaskRegistry.All)
        {
            var task = TaskRegistry.Create(info.Name);
            if (task.TargetKind != TargetKind.Real)
            {
                Assert.True(task is ITokenGroundTruth, $"{info.Name}: token targets but no ITokenGroundTruth");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TaskNames))]
    public void Generator_agrees_with_the_ground_truth(string name)
    {
        var task = TaskRegistry.Create(name);
        var truth = task as ITokenGroundTruth;
        Skip.If(truth is null, $"{name} has real-valued targets: no token ground truth to compare with");
        int checkedRows = 0;
        foreach (var batch in Batches(task))
        {
            for (int r = 0; r < batch.Count; r++)
            {
                var example = TokenExamples.Row(batch, r);
                Assert.Equal(example.Target, truth!.Answer(example.Input));
                checkedRows++;
            }
        }
        Assert.True(checkedRows > 0);
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Settings_rebuild_the_same_task(string name)
    {
        var task = TaskRegistry.Create(name);
        var rebuilt = TaskRegistry.Create(name, TaskOptions.FromSettings(task.Settings));
        Assert.Equal(task.Settings, rebuilt.Settings);
        Assert.Equal(task.Vocabulary.Names, rebuilt.Vocabulary.Names);
        var first = Batches(task).First();
        var again = Batches(rebuilt).First();
        AssertSame(first, again);
    }

    [SkippableTheory]
    [MemberData(nameof(TaskNames))]
    public void Sampled_streams_are_a_function_of_the_rng(string name)
    {
        var task = TaskRegistry.Create(name) as ISampledTask;
        Skip.If(task is null, $"{name} is enumerated, not sampled: it has no stream to draw");
        AssertSame(task!.Sample(new Rng(7, 3), 40), task.Sample(new Rng(7, 3), 40));
        var other = task.Sample(new Rng(8, 3), 40);
        var one = task.Sample(new Rng(7, 3), 40);
        Assert.False(Same(one, other), $"{name}: seeds 7 and 8 gave the same examples");
    }

    [SkippableTheory]
    [MemberData(nameof(TaskNames))]
    public void Text_round_trips_through_the_vocabulary(string name)
    {
        var task = TaskRegistry.Create(name);
        Skip.If(task.InputWidth != 0, $"{name} reads real-valued input, not text");
        var batch = Batches(task).First();
        for (int r = 0; r < Math.Min(batch.Count, 20); r++)
        {
            var input = TokenExamples.Row(batch, r).Input;
            Assert.Equal(input, task.Vocabulary.ToTokens(task.Vocabulary.ToText(input)));
        }
    }

    [Fact]
    public void Every_task_names_its_problems_and_describes_its_options()
    {
        foreach (var info in TaskRegistry.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(info.Description), info.Name);
            Assert.All(info.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{info.Name}.{o.Name}"));
        }
    }

    /// <summary>The whole dataset of an enumerated task; many seeded batches of a sampled one.</summary>
    internal static IEnumerable<ExampleBatch> Batches(ITask task)
    {
        switch (task)
        {
            case IEnumeratedTask enumerated:
                yield return enumerated.Generate();
                break;
            case ISampledTask sampled:
                for (int seed = 0; seed < SampledSeeds; seed++)
                {
                    yield return sampled.Sample(new Rng((ulong)seed, 11), SampledPerSeed);
                }
                break;
            default:
                throw new InvalidOperationException($"{task.Name} is neither enumerated nor sampled.");
        }
    }

    private static void AssertSame(ExampleBatch a, ExampleBatch b) => Assert.True(Same(a, b));

    private static bool Same(ExampleBatch a, ExampleBatch b) =>
        a.Count == b.Count
        && a.Input.Positions == b.Input.Positions
        && (a.Input.Tokens?.Ids ?? []).SequenceEqual(b.Input.Tokens?.Ids ?? [])
        && (a.Input.Values ?? []).SequenceEqual(b.Input.Values ?? [])
        && (a.Targets.Classes ?? []).SequenceEqual(b.Targets.Classes ?? [])
        && (a.Targets.Values ?? []).SequenceEqual(b.Targets.Values ?? [])
        && a.Targets.LossMask.SequenceEqual(b.Targets.LossMask);
}
