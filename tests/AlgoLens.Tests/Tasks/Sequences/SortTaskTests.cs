using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.Sequences;

public sealed class SortTaskTests
{
    [Fact]
    public void The_seeds_example_sorts_from_mid_on()
    {
        var task = SortTask.Create(n: 4);
        var input = task.Vocabulary.ToTokens("START 4 6 2 9 MID 2 4 6 9");
        // MID predicts 2, each output predicts the next, and the last output predicts nothing.
        Assert.Equal([-1, -1, -1, -1, -1, 2, 4, 6, 9, -1], task.Answer(input));
    }

    [Fact]
    public void Duplicates_are_kept_and_only_the_list_is_read()
    {
        var task = SortTask.Create(n: 5);
        var expected = new[] { -1, -1, -1, -1, -1, -1, 0, 1, 3, 3, 9, -1 };
        Assert.Equal(expected, task.Answer(task.Vocabulary.ToTokens("START 3 9 1 3 0 MID 0 1 3 3 9")));
        Assert.Equal(expected, task.Answer(task.Vocabulary.ToTokens("START 3 9 1 3 0 MID 5 5 5 5 5")));
    }

    [Theory]
    [InlineData("START 4 6 2 9 MID 2 4 6", "MID and m values")]
    [InlineData("START 4 6 2 9 2 4 6 9 0", "MID and m values")]
    [InlineData("4 6 2 9 MID 2 4 6 9 0", "starts with START")]
    [InlineData("START 4 6 MID 2 4 6 9 MID 2", "MID and m values")]
    [InlineData("START 4 6 2 START MID 2 4 6 9", "must be a value")]
    [InlineData("START 4 6 2 MID 2 4 6", "have 4 values; got 3")]
    public void Malformed_inputs_are_refused(string text, string message)
    {
        var task = SortTask.Create(n: 4);
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(text))).Message);
    }

    [Fact]
    public void Variable_lengths_cover_min_n_to_n_and_their_padding_is_hidden_and_unread()
    {
        var task = SortTask.Create(n: 6, values: 10, minLength: 2);
        int pad = task.Vocabulary.Id("PAD");
        Assert.Equal(pad, task.Vocabulary.PadToken);
        Assert.Equal(14, task.SequenceLength);
        var batch = task.Sample(new Rng(3, 1), 300);
        var tokens = batch.Input.RequireTokens("sort");
        var mask = tokens.AttentionMask!;
        var lengthsSeen = new HashSet<int>();
        for (int row = 0; row < batch.Count; row++)
        {
            var example = TokenExamples.Row(batch, row);
            int count = (example.Input.Length - 2) / 2;
            lengthsSeen.Add(count);
            Assert.Equal(task.Answer(example.Input), example.Target);
            for (int p = example.Input.Length; p < tokens.Positions; p++)
            {
                int slot = row * tokens.Positions + p;
                Assert.Equal(pad, tokens.Ids[slot]);
                Assert.False(mask[slot]);
                Assert.Equal(-1, batch.Targets.Classes![slot]);
            }
        }
        Assert.Equal([2, 3, 4, 5, 6], lengthsSeen.Order());
        Assert.Equal(task.Settings, TaskRegistry.Create("sort", TaskOptions.FromSettings(task.Settings)).Settings);
        Assert.Contains("lists have 2..6 values; got 1", Assert.Throws<ArgumentException>(
            () => task.Answer(task.Vocabulary.ToTokens("START 4 MID 4"))).Message);
    }

    [Fact]
    public void A_fixed_length_task_has_no_pad_token_and_records_no_min_n()
    {
        var task = (SortTask)TaskRegistry.Create("sort");
        Assert.Null(task.Vocabulary.PadToken);
        Assert.Equal(10, task.OutputVocabulary.Count);
        Assert.Equal(new Dictionary<string, string> { ["n"] = "5", ["V"] = "10", ["variable"] = "false" }, task.Settings);
        Assert.Equal("2", SortTask.Create(5, 10, minLength: 2).Settings["min_n"]);
    }

    [Theory]
    [InlineData("n", "0", "option n = '0'")]
    [InlineData("n", "101", "option n = '101'")]
    [InlineData("V", "1", "option V = '1'")]
    [InlineData("variable", "maybe", "true or false")]
    [InlineData("min_n", "3", "min_n applies only to variable lengths")]
    [InlineData("size", "3", "has no extra option 'size'")]
    public void Bad_options_are_refused_by_name(string key, string value, string message)
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { [key] = value } };
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => TaskRegistry.Create("sort", options)).Message);
    }

    [Fact]
    public void Min_n_above_n_is_refused()
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { ["variable"] = "true", ["n"] = "4", ["min_n"] = "5" } };
        Assert.Contains("min_n = 5 is above n = 4", Assert.Throws<ArgumentException>(() => TaskRegistry.Create("sort", options)).Message);
    }
}
