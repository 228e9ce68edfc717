using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Training.TaskMeasures;
using static AlgoLens.Tests.Tasks.Logic.LogicTaskChecks;

namespace AlgoLens.Tests.Tasks.Sequences;

public sealed class EmbeddedRepeatTests
{
    [Fact]
    public void The_second_copy_predicts_the_first_copys_next_token()
    {
        var task = RepeatTask.Create(length: 3, values: 10, context: 10);
        // "5 1 7" at positions 2 and 7; the second 5 predicts 1, the second 1 predicts 7.
        var input = task.Vocabulary.ToTokens("BOS 4 5 1 7 2 9 5 1 7 0");
        Assert.Equal([-1, -1, -1, -1, -1, -1, -1, 1, 7, -1, -1], task.Answer(input));
        Assert.Equal(new EmbeddedRepeat(2, 7, 3), EmbeddedRepeat.Find(input));

        // Adjacent copies at the very start and a variable length: "3 8" twice.
        var variable = RepeatTask.Create(length: 3, values: 10, minLength: 2, context: 6);
        Assert.Equal([-1, -1, -1, 8, -1, -1, -1], variable.Answer(variable.Vocabulary.ToTokens("BOS 3 8 3 8 0 1")));
    }

    [Theory]
    [InlineData("BOS 0 1 2 3 4 5 6 7 8 9", "holds no repeat")]
    [InlineData("BOS 1 2 3 1 2 5 6 5 6 0", "another pair of adjacent tokens")]
    [InlineData("BOS 5 1 7 5 1 7 9 3 9 3", "another pair of adjacent tokens")]
    [InlineData("BOS 5 1 7 2 5 1 7 2 3 0", "has 3 tokens; this input repeats 4")]
    [InlineData("BOS 5 1 7 2 5 1 7", "BOS and 10 tokens")]
    public void Inputs_without_exactly_one_repeat_of_the_length_are_refused(string text, string message)
    {
        var task = RepeatTask.Create(length: 3, values: 10, context: 10);
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(text))).Message);
    }

    [Theory]
    [InlineData(8, 32, null, 32)]
    [InlineData(3, 5, 2, 10)]
    [InlineData(10, 64, 2, 40)]
    public void Copies_land_at_varied_places_and_the_generator_agrees_with_the_ground_truth(int length, int values, int? minLength, int context)
    {
        var task = RepeatTask.Create(length, values, minLength, context);
        GeneratorAgreesWithGroundTruth(task);
        var firsts = new HashSet<int>();
        var seconds = new HashSet<int>();
        foreach (var example in Rows(task, 300))
        {
            Assert.Equal(context + 1, example.Input.Length);
            var repeat = EmbeddedRepeat.Find(example.Input);
            Assert.InRange(repeat.Length, minLength ?? length, length);
            Assert.Equal(example.Input[repeat.First..(repeat.First + repeat.Length)], example.Input[repeat.Second..(repeat.Second + repeat.Length)]);
            firsts.Add(repeat.First);
            seconds.Add(repeat.Second);
        }
        Assert.True(firsts.Count > 3 && seconds.Count > 3, $"first copies at {firsts.Count} places, second at {seconds.Count}");
    }

    [Fact]
    public void Measures_read_the_second_copy_against_every_other_position()
    {
        // As in the halves test: the true next token gets a logit of p at position p, so each mean names its positions.
        var task = RepeatTask.Create(length: 2, values: 6, context: 5);
        var input = task.Vocabulary.ToTokens("BOS 0 1 2 1 2");
        int[] next = [0, 1, 2, 1, 2, 0];
        var model = PositionLossesTests.PositionReadout(task, (p, token) => token == next[p] ? p : 0f);
        static double Loss(int p) => Math.Log(5 + Math.Exp(p)) - p;
        var figures = RepeatMeasures.Measure(task, model, TokenExamples.ToBatch([new TokenExample(input, task.Answer(input))])).ToDictionary(f => f.Name, f => f.Value);
        double rest = (Loss(0) + Loss(1) + Loss(2) + Loss(3)) / 4;
        Assert.Equal(rest, figures["rest_loss"], 5);
        Assert.Equal(Loss(4), figures["repeated_loss"], 5);
        Assert.Equal(rest / Loss(4), figures["rest_loss_ratio"], 5);
        Assert.Equal(Math.Log(6) / Loss(4), figures["random_token_loss_ratio"], 5);
    }

    [Theory]
    [InlineData("layout=sideways", "option layout = 'sideways'")]
    [InlineData("layout=embedded,length=8,context=15", "raise context to at least 16")]
    [InlineData("layout=embedded,V=8,context=17", "raise V or lower context")]
    [InlineData("layout=embedded,context=2000", "option context = '2000'")]
    [InlineData("context=20", "context applies only to layout=embedded")]
    public void Bad_layout_options_are_refused_by_name(string options, string message)
    {
        var extra = options.Split(',').Select(o => o.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => TaskRegistry.Create("repeat", new TaskOptions { Extra = extra })).Message);
    }
}
