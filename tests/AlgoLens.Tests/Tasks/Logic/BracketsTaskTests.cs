using AlgoLens.Tasks.Logic;
using AlgoLens.Tensors.Random;
using static AlgoLens.Tests.Tasks.Logic.LogicTaskChecks;

namespace AlgoLens.Tests.Tasks.Logic;

public sealed class BracketsTaskTests
{
    [Theory]
    [InlineData("START ( ) END", "balanced")]
    [InlineData("START ( ( ) ( ) ) END PAD PAD", "balanced")]
    [InlineData("START END", "balanced")]
    [InlineData("START ) ( END", "unbalanced")]
    [InlineData("START ( ) ) ( ( ) END PAD", "unbalanced")]
    [InlineData("START ( ( ) END", "unbalanced")]
    [InlineData("START ( END", "unbalanced")]
    public void The_class_at_START_says_whether_the_brackets_balance(string input, string expected)
    {
        var answer = AnswerText(BracketsTask.Create(), input);
        Assert.Equal(expected, answer[0]);
        Assert.All(answer.Skip(1), a => Assert.Equal("·", a));
    }

    [Theory]
    [InlineData("( ) END")]
    [InlineData("START ( )")]
    [InlineData("START ( PAD ) END")]
    [InlineData("START ( ) END (")]
    [InlineData("START ( START ) END")]
    public void Malformed_inputs_are_refused(string input)
    {
        var task = BracketsTask.Create();
        Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(input)));
    }

    [Fact]
    public void Examples_mix_balanced_hard_and_unequal_strings_as_the_options_say()
    {
        var task = BracketsTask.Create(maxLength: 12, balancedFraction: 0.5, hardFraction: 0.5);
        int balanced = 0, hard = 0, unequal = 0;
        foreach (var example in Rows(task, 4000))
        {
            int[] brackets = example.Input[1..^1];
            Assert.InRange(brackets.Length, 1, 12);
            int opens = brackets.Count(b => b == task.Vocabulary.Id("("));
            if (example.Target[0] == task.OutputVocabulary.Id(BracketsTask.Balanced))
            {
                balanced++;
                Assert.Equal(brackets.Length, 2 * opens);
            }
            else if (2 * opens == brackets.Length)
            {
                hard++;
            }
            else
            {
                unequal++;
            }
        }
        // Binomial shares within about four standard deviations.
        Assert.InRange(balanced, 1870, 2130);
        Assert.InRange(hard, 890, 1110);
        Assert.InRange(unequal, 890, 1110);
    }

    [Fact]
    public void Balanced_strings_of_one_length_are_uniform()
    {
        // Of the 5 balanced strings of 3 pairs, each should be drawn about as often.
        var task = BracketsTask.Create(maxLength: 6, balancedFraction: 1);
        var counts = Rows(task, 3000)
            .Where(e => e.Input.Length == 8)
            .GroupBy(e => task.Vocabulary.ToText(e.Input))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, counts.Count);
        int total = counts.Values.Sum();
        Assert.All(counts.Values, c => Assert.InRange(c, total / 5 - 70, total / 5 + 70));
    }

    [Fact]
    public void Batches_pad_with_PAD_behind_a_mask_and_score_only_position_0()
    {
        var task = BracketsTask.Create(maxLength: 10);
        var batch = task.Sample(new Rng(5), 64);
        var tokens = batch.Input.RequireTokens("brackets");
        Assert.NotNull(tokens.AttentionMask);
        for (int r = 0; r < batch.Count; r++)
        {
            for (int p = 0; p < tokens.Positions; p++)
            {
                int i = r * tokens.Positions + p;
                Assert.Equal(tokens.AttentionMask![i], tokens.Ids[i] != task.Vocabulary.Id(BracketsTask.Pad));
                Assert.Equal(p == 0, batch.Targets.Classes![i] >= 0);
            }
        }
    }

    [Theory]
    [InlineData(2, 0.5, 0.5)]
    [InlineData(7, 0, 1)]
    [InlineData(9, 1, 0)]
    [InlineData(30, 0.2, 0)]
    public void The_generator_agrees_with_the_ground_truth_for_other_options(int maxLength, double balancedFraction, double hardFraction)
    {
        GeneratorAgreesWithGroundTruth(BracketsTask.Create(maxLength, balancedFraction, hardFraction));
    }

    [Fact]
    public void Bad_options_are_refused_by_name()
    {
        Assert.Contains("option max_length", RefusedOptions("brackets", ("max_length", "1")));
        Assert.Contains("option balanced_fraction", RefusedOptions("brackets", ("balanced_fraction", "1.5")));
        Assert.Contains("option hard_fraction", RefusedOptions("brackets", ("hard_fraction", "-0.1")));
    }
}
