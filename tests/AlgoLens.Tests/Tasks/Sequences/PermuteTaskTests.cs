using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;

namespace AlgoLens.Tests.Tasks.Sequences;

public sealed class PermuteTaskTests
{
    [Fact]
    public void Outputs_are_the_values_at_the_given_indices_from_the_second_sep_on()
    {
        var task = PermuteTask.Create(n: 3);
        var input = task.Vocabulary.ToTokens("7 3 5 SEP @2 @0 @1 SEP 5 7 3");
        Assert.Equal([-1, -1, -1, -1, -1, -1, -1, 5, 7, 3, -1], task.Answer(input));
        // Only the list and the indices are read.
        Assert.Equal(task.Answer(input), task.Answer(task.Vocabulary.ToTokens("7 3 5 SEP @2 @0 @1 SEP 0 0 0")));
    }

    [Fact]
    public void Duplicate_values_follow_their_indices()
    {
        var task = PermuteTask.Create(n: 4);
        var input = task.Vocabulary.ToTokens("4 4 1 9 SEP @3 @2 @1 @0 SEP 9 1 4 4");
        Assert.Equal([-1, -1, -1, -1, -1, -1, -1, -1, -1, 9, 1, 4, 4, -1], task.Answer(input));
    }

    [Theory]
    [InlineData("7 3 5 SEP @2 @2 @1 SEP 5 5 3", "@2 appears twice")]
    [InlineData("7 3 5 SEP @2 0 @1 SEP 5 7 3", "must be an index")]
    [InlineData("7 @0 5 SEP @2 @0 @1 SEP 5 7 3", "must be a value")]
    [InlineData("7 3 5 @0 @2 @0 @1 SEP 5 7 3", "are SEP")]
    [InlineData("7 3 5 SEP @2 @0 @1 SEP 5 7", "has 11 tokens")]
    public void Malformed_inputs_are_refused(string text, string message)
    {
        var task = PermuteTask.Create(n: 3);
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(text))).Message);
    }

    [Fact]
    public void The_vocabulary_has_values_index_tokens_and_sep_and_the_outputs_are_values()
    {
        var task = (PermuteTask)TaskRegistry.Create("permute");
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "@0", "@1", "@2", "@3", "@4", "SEP"], task.Vocabulary.Names);
        Assert.Equal(10, task.OutputVocabulary.Count);
        Assert.Equal(17, task.SequenceLength);
        Assert.Equal(12, task.IndexToken(2));
    }

    [Theory]
    [InlineData("n", "0", "option n = '0'")]
    [InlineData("V", "1001", "option V = '1001'")]
    [InlineData("variable", "true", "has no extra option 'variable'")]
    public void Bad_options_are_refused_by_name(string key, string value, string message)
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { [key] = value } };
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => TaskRegistry.Create("permute", options)).Message);
    }
}
