using AlgoLens.Tasks;
using AlgoLens.Tasks.Arithmetic;

namespace AlgoLens.Tests.Tasks.Arithmetic;

public class DigitAdditionTaskTests
{
    [Fact]
    public void Answers_the_papers_example_most_significant_first()
    {
        // Quirke and Barez 2023 write 12345+67890=080235.
        var task = DigitAdditionTask.Create();
        Assert.Equal(18, task.SequenceLength);
        Assert.Equal("· · · · · · · · · · · 0 8 0 2 3 5 ·", TargetText.Of(task, "1 2 3 4 5 + 6 7 8 9 0 = 0 8 0 2 3 5"));
    }

    [Fact]
    public void Reversed_order_writes_the_carry_digit_last()
    {
        var task = DigitAdditionTask.Create(order: DigitOrder.Reversed);
        Assert.Equal("· · · · · · · · · · · 5 3 2 0 8 0 ·", TargetText.Of(task, "1 2 3 4 5 + 6 7 8 9 0 = 5 3 2 0 8 0"));
    }

    [Theory]
    [InlineData(5, "9 9 9 9 9 + 0 0 0 0 1 = 1 0 0 0 0 0", "1 0 0 0 0 0")] // a carry cascading through every sum-9 column
    [InlineData(5, "0 0 0 0 0 + 0 0 0 0 0 = 0 0 0 0 0 0", "0 0 0 0 0 0")]
    [InlineData(1, "9 + 9 = 1 8", "1 8")]
    [InlineData(3, "4 5 5 + 5 4 5 = 1 0 0 0", "1 0 0 0")]
    public void Carries_propagate(int digits, string input, string answer)
    {
        string targets = TargetText.Of(DigitAdditionTask.Create(digits), input);
        Assert.Equal(answer, string.Join(" ", targets.Split(' ').Where(t => t != "·")));
    }

    [Fact]
    public void The_answer_tokens_in_the_input_do_not_change_the_targets()
    {
        var task = DigitAdditionTask.Create(2);
        Assert.Equal("· · · · · 1 0 8 ·", TargetText.Of(task, "5 9 + 4 9 = 0 0 0"));
    }

    [Theory]
    [InlineData(2, DigitOrder.Standard)]
    [InlineData(7, DigitOrder.Reversed)]
    [InlineData(1, DigitOrder.Reversed)]
    public void Generator_agrees_with_the_ground_truth_for_other_options(int digits, DigitOrder order)
    {
        var task = DigitAdditionTask.Create(digits, order);
        Assert.Equal(3 * digits + 3, task.SequenceLength);
        Assert.Equal(200, TargetText.SampledAgree(task, 200).Count);
    }

    [Theory]
    [InlineData("1 2 + 3 4 = 0 4", "has 9 tokens")]
    [InlineData("1 2 = 3 4 + 0 4 6", "position 2 must be '+'")]
    [InlineData("1 + + 3 4 = 0 4 6", "Position 1 holds '+'")]
    public void Refuses_inputs_that_are_not_examples(string input, string message)
    {
        var task = DigitAdditionTask.Create(2);
        var error = Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(input)));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("n", "0", "option n = '0'")]
    [InlineData("n", "61", "from 1 to 60")]
    [InlineData("order", "backwards", "one of standard, reversed")]
    [InlineData("digits", "5", "did you mean 'n'")]
    public void Options_are_checked(string key, string value, string message)
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { [key] = value } };
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create(DigitAdditionTask.TaskName, options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Settings_record_every_option()
    {
        var task = TaskRegistry.Create("digit-add", new TaskOptions { Extra = new Dictionary<string, string> { ["order"] = "Reversed" } });
        Assert.Equal(new Dictionary<string, string> { ["n"] = "5", ["order"] = "reversed" }, task.Settings);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "="], task.Vocabulary.Names);
    }
}
