using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;
using AlgoLens.Training.TaskMeasures;

namespace AlgoLens.Tests.Tasks.Sequences;

public sealed class RepeatTaskTests
{
    [Fact]
    public void The_repeat_predicts_the_first_copys_next_token_from_its_second_token_on()
    {
        var task = RepeatTask.Create(length: 3, values: 10);
        var input = task.Vocabulary.ToTokens("BOS 5 1 7 5 1 7");
        // The second 5 predicts 1 and the second 1 predicts 7; the repeat's start is not knowable.
        Assert.Equal([-1, -1, -1, -1, 1, 7, -1], task.Answer(input));
        Assert.Equal(task.Answer(input), task.Answer(task.Vocabulary.ToTokens("BOS 5 1 7 0 0 0")));
    }

    [Theory]
    [InlineData("BOS 5 1 7 5 1", "7 tokens")]
    [InlineData("5 1 7 5 1 7 5", "starts with BOS")]
    [InlineData("BOS 5 BOS 7 5 1 7", "must be a token 0..9")]
    public void Malformed_inputs_are_refused(string text, string message)
    {
        var task = RepeatTask.Create(length: 3, values: 10);
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(text))).Message);
    }

    [Fact]
    public void Variable_half_lengths_cover_the_range_and_their_padding_is_hidden_and_unread()
    {
        var task = RepeatTask.Create(length: 6, values: 20, minLength: 3);
        int pad = task.Vocabulary.Id("PAD");
        var batch = task.Sample(new Rng(5, 2), 200);
        var tokens = batch.Input.RequireTokens("repeat");
        var halves = new HashSet<int>();
        for (int row = 0; row < batch.Count; row++)
        {
            var example = TokenExamples.Row(batch, row);
            int half = (example.Input.Length - 1) / 2;
            halves.Add(half);
            Assert.Equal(example.Input[1..(half + 1)], example.Input[(half + 1)..]);
            Assert.Equal(half - 1, example.Target.Count(t => t >= 0));
            Assert.Equal(task.Answer(example.Input), example.Target);
            for (int p = example.Input.Length; p < tokens.Positions; p++)
            {
                int slot = row * tokens.Positions + p;
                Assert.Equal(pad, tokens.Ids[slot]);
                Assert.False(tokens.AttentionMask![slot]);
                Assert.Equal(-1, batch.Targets.Classes![slot]);
            }
        }
        Assert.Equal([3, 4, 5, 6], halves.Order());
        Assert.Equal(task.Settings, TaskRegistry.Create("repeat", TaskOptions.FromSettings(task.Settings)).Settings);
        Assert.Contains("L from 3 to 6", Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens("BOS 1 2 1 2"))).Message);
    }

    [Fact]
    public void Baselines_are_a_uniform_guess_and_ideal_induction()
    {
        var task = RepeatTask.Create(length: 4, values: 8);
        var input = task.Vocabulary.ToTokens("BOS 5 1 5 2 5 1 5 2");
        var examples = TokenExamples.ToBatch([new TokenExample(input, task.Answer(input))]);
        var baselines = task.Baselines(examples).ToDictionary(b => b.Name, b => b.Value);
        Assert.Equal(Math.Log(8), baselines["random_token_loss"], 12);
        Assert.Equal(1.0 / 8, baselines["random_token_accuracy"], 12);
        // At the second copy's 5: earlier 5s were followed by 1 and 2 (p(1) = 1/2, a tie). At its 1:
        // only by 5 (p = 1). At its second 5: by 1, 2, 1 (p(2) = 1/3, and 1 is the favourite).
        Assert.Equal((Math.Log(2) + Math.Log(3)) / 3, baselines["induction_loss"], 12);
        Assert.Equal((0.5 + 1 + 0) / 3, baselines["induction_accuracy"], 12);
    }

    [Fact]
    public void Half_losses_read_the_first_and_second_copy_of_x2_to_xL()
    {
        // The model gives the true next token of this one example a logit of p at position p (the
        // others 0), so its loss differs from position to position and each half's mean says
        // exactly which positions it read.
        var task = RepeatTask.Create(length: 3, values: 3);
        var input = task.Vocabulary.ToTokens("BOS 0 1 2 0 1 2");
        int[] next = [0, 1, 2, 0, 1, 2, 0];
        var model = PositionLossesTests.PositionReadout(task, (p, token) => token == next[p] ? p : 0f);
        static double Loss(int p) => Math.Log(2 + Math.Exp(p)) - p;
        var halves = RepeatMeasures.HalfLosses(task, model, TokenExamples.ToBatch([new TokenExample(input, task.Answer(input))]));
        Assert.Equal((Loss(1) + Loss(2)) / 2, halves.FirstHalf, 5);
        Assert.Equal((Loss(4) + Loss(5)) / 2, halves.RepeatedHalf, 5);
        Assert.Equal(halves.FirstHalf / halves.RepeatedHalf, halves.Ratio, 12);
    }

    [Theory]
    [InlineData("length", "1", "option length = '1'")]
    [InlineData("V", "1", "option V = '1'")]
    [InlineData("min_length", "3", "min_length applies only to variable lengths")]
    public void Bad_options_are_refused_by_name(string key, string value, string message)
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { [key] = value } };
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => TaskRegistry.Create("repeat", options)).Message);
    }

    [Fact]
    public void Min_length_above_length_is_refused()
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { ["variable"] = "true", ["length"] = "4", ["min_length"] = "5" } };
        Assert.Contains("min_length = 5 is above length = 4", Assert.Throws<ArgumentException>(() => TaskRegistry.Create("repeat", options)).Message);
    }
}
