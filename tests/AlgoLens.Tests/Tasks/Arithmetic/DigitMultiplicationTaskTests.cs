using AlgoLens.Tasks;
using AlgoLens.Tasks.Arithmetic;

namespace AlgoLens.Tests.Tasks.Arithmetic;

public class DigitMultiplicationTaskTests
{
    [Theory]
    [InlineData("4 7 * 8 6 = 4 0 4 2", "· · · · · 4 0 4 2 ·")]
    [InlineData("9 9 * 9 9 = 9 8 0 1", "· · · · · 9 8 0 1 ·")]
    [InlineData("0 7 * 0 3 = 0 0 2 1", "· · · · · 0 0 2 1 ·")]
    [InlineData("5 0 * 0 0 = 0 0 0 0", "· · · · · 0 0 0 0 ·")]
    public void Answers_2n_digits_most_significant_first(string input, string targets) =>
        Assert.Equal(targets, TargetText.Of(DigitMultiplicationTask.Create(), input));

    [Fact]
    public void Reversed_order_writes_the_least_significant_digit_first() =>
        Assert.Equal("· · · · · 2 4 0 4 ·", TargetText.Of(DigitMultiplicationTask.Create(order: DigitOrder.Reversed), "4 7 * 8 6 = 2 4 0 4"));

    [Fact]
    public void Multiplies_in_binary()
    {
        // 10111 (23) * 01101 (13) = 299 = 0100101011 in ten bits.
        var task = DigitMultiplicationTask.Create(5, 2);
        Assert.Equal(["0", "1", "*", "="], task.Vocabulary.Names);
        Assert.Equal("· · · · · · · · · · · 0 1 0 0 1 0 1 0 1 1 ·", TargetText.Of(task, "1 0 1 1 1 * 0 1 1 0 1 = 0 1 0 0 1 0 1 0 1 1"));
        Assert.Equal(22, task.SequenceLength);
    }

    [Theory]
    [InlineData(2, 10, DigitOrder.Standard)]
    [InlineData(3, 10, DigitOrder.Reversed)]
    [InlineData(6, 2, DigitOrder.Standard)]
    [InlineData(4, 3, DigitOrder.Reversed)]
    public void Generator_agrees_with_the_ground_truth_for_other_options(int digits, int numberBase, DigitOrder order) =>
        Assert.Equal(200, TargetText.SampledAgree(DigitMultiplicationTask.Create(digits, numberBase, order), 200).Count);

    [Fact]
    public void Operand_positions_need_digits_of_the_base()
    {
        var task = DigitMultiplicationTask.Create(2, 2);
        var error = Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens("1 = * 1 0 = 0 0 0 0")));
        Assert.Contains("Position 1 holds '='", error.Message);
    }

    [Theory]
    [InlineData("base", "16", "from 2 to 10")]
    [InlineData("base", "1", "from 2 to 10")]
    [InlineData("n", "33", "from 1 to 32")]
    [InlineData("order", "msb", "one of standard, reversed")]
    public void Options_are_checked(string key, string value, string message)
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { [key] = value } };
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create(DigitMultiplicationTask.TaskName, options));
        Assert.Contains(message, error.Message);
    }
}
