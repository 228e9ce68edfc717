using AlgoLens.Tasks;
using AlgoLens.Tasks.Language;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.Language;

public sealed class CodeOutputTaskTests
{
    private static readonly CodeOutputTask Task = CodeOutputTask.Create();

    [Fact]
    public void The_seeds_example_is_answered_on_the_list_after_the_arrow()
    {
        var input = Task.Vocabulary.ToTokens("a = 1 2 3 . a [ 2 ] = 4 . a -> 1 2 4");
        var answer = Task.Answer(input);
        // The arrow predicts the first element, each element the next; the last predicts nothing.
        string[] expected = [.. Enumerable.Repeat("·", 14), "1", "2", "4", "·"];
        Assert.Equal(expected, answer.Select(id => id < 0 ? "·" : Task.Vocabulary.Names[id]));
    }

    [Fact]
    public void The_answer_ignores_the_list_the_input_claims()
    {
        var input = Task.Vocabulary.ToTokens("a = 1 2 3 . a [ 2 ] = 4 . a -> 9 9 9");
        Assert.Equal(Task.Vocabulary.Id("4"), Task.Answer(input)[16]);
    }

    [Theory]
    [InlineData("a = 1 2 3 . a [ 2 ] = 4 . a -> 1 2")]
    [InlineData("a = 1 2 3 . a [ 2 ] = 4 . a -> 1 2 4 4")]
    public void The_listed_answer_must_have_the_lists_length(string program)
    {
        var error = Assert.Throws<ArgumentException>(() => Task.Answer(Task.Vocabulary.ToTokens(program)));
        Assert.Contains("must list the 3 elements", error.Message);
    }

    [Theory]
    [InlineData("length", "0", "length")]
    [InlineData("values", "1", "values")]
    [InlineData("min_statements", "11", "min_statements")]
    [InlineData("max_statements", "0", "max_statements")]
    [InlineData("ops", "set,pop", "'pop' is not one")]
    [InlineData("variables", "3", "variables")]
    [InlineData("statements", "2", "max_statements")]
    public void Bad_options_are_refused_with_the_option_named(string key, string value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => Create((key, value)));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Options_that_cannot_work_together_are_refused()
    {
        Assert.Contains("lower min_statements", Assert.Throws<ArgumentException>(() => Create(("min_statements", "3"), ("max_statements", "2"))).Message);
        Assert.Contains("use ops=set", Assert.Throws<ArgumentException>(() => Create(("length", "1"), ("ops", "swap"))).Message);
        Assert.Equal(1, CodeOutputTask.Create(length: 1, ops: "set").Length);
    }

    [Fact]
    public void Programs_of_different_lengths_are_padded_without_loss()
    {
        var task = CodeOutputTask.Create(ops: "set");
        var batch = task.Sample(new Rng(1), 100);
        // The loss reads the arrow and the first two elements (the last element is never predicted).
        var lengths = PaddedBatchAssert.RowsArePadded(batch, task.Vocabulary, (length, p) => p >= length - 4 && p < length - 1);
        Assert.Equal([18, 25, 32], lengths.Order()); // 1, 2 or 3 statements of 7 tokens
        Assert.Equal(32, task.SequenceLength);
    }

    [Fact]
    public void Every_statement_kind_and_both_variables_are_drawn_and_fit_the_declared_length()
    {
        var task = CodeOutputTask.Create(ops: "set,copy,swap", variables: 2, minStatements: 3, maxStatements: 3);
        var batch = task.Sample(new Rng(2), 200);
        var texts = Enumerable.Range(0, batch.Count).Select(r => task.Vocabulary.ToText(TokenExamples.Row(batch, r).Input)).ToArray();
        var kinds = texts.SelectMany(t => t.Split(" . ").Skip(2).SkipLast(1)) // the statements between declarations and query
            .Select(s => s.Contains(',') ? "swap" : s.Count(c => c == '[') == 2 ? "copy" : "set")
            .ToHashSet();
        Assert.Equal(["copy", "set", "swap"], kinds.Order());
        Assert.Contains(texts, t => t.Contains("b ->"));
        Assert.Contains(texts, t => t.Contains("a ->"));
        Assert.Equal(2 * 6 + 3 * 20 + 5, task.SequenceLength); // two declarations, three swaps, the query and its answer
        Assert.Equal(task.SequenceLength, batch.Input.Positions); // some row has three swaps
    }

    [Fact]
    public void Without_statements_the_answer_is_the_declared_list()
    {
        var task = CodeOutputTask.Create(minStatements: 0, maxStatements: 1, ops: "set");
        var batch = task.Sample(new Rng(3), 300);
        var baseline = Assert.Single(task.Baselines(batch));
        Assert.Equal("declared_list_exact_match", baseline.Name);
        // No statement (half the programs) or one that writes the value already there (1 in 10 of the rest).
        Assert.InRange(baseline.Value, 0.45, 0.65);
    }

    [Fact]
    public void The_baseline_counts_the_programs_that_leave_the_list_as_declared()
    {
        var examples = new[] { "a = 1 2 3 . a [ 2 ] = 4 . a -> 1 2 4", "a = 1 2 3 . a [ 2 ] = 3 . a -> 1 2 3" }
            .Select(text => Task.Vocabulary.ToTokens(text))
            .Select(input => new TokenExample(input, Task.Answer(input)))
            .ToArray();
        var baseline = Assert.Single(Task.Baselines(TokenExamples.ToBatch(examples, Task.Vocabulary.PadToken)));
        Assert.Equal(0.5, baseline.Value);
    }

    private static ITask Create(params (string Key, string Value)[] options) =>
        TaskRegistry.Create("code-output", new TaskOptions { Extra = options.ToDictionary(o => o.Key, o => o.Value) });
}
