using AlgoLens.Tasks;
using AlgoLens.Tasks.Arithmetic;

namespace AlgoLens.Tests.Tasks.Arithmetic;

public class DigitSubtractionTaskTests
{
    [Theory]
    [InlineData("1 2 3 4 5 - 6 7 8 9 0 = - 5 5 5 4 5", "- 5 5 5 4 5")]
    [InlineData("6 7 8 9 0 - 1 2 3 4 5 = + 5 5 5 4 5", "+ 5 5 5 4 5")]
    [InlineData("5 0 0 0 0 - 0 0 0 0 1 = + 4 9 9 9 9", "+ 4 9 9 9 9")] // a borrow through every column
    [InlineData("0 0 0 0 0 - 9 9 9 9 9 = - 9 9 9 9 9", "- 9 9 9 9 9")]
    [InlineData("3 1 4 1 5 - 3 1 4 1 5 = + 0 0 0 0 0", "+ 0 0 0 0 0")] // zero takes the sign +
    public void Answers_a_sign_and_the_digits_of_the_difference(string input, string answer)
    {
        var task = DigitSubtractionTask.Create();
        Assert.Equal($"· · · · · · · · · · · {answer} ·", TargetText.Of(task, input));
    }

    [Fact]
    public void Reversed_order_reverses_the_digits_but_keeps_the_sign_first()
    {
        var task = DigitSubtractionTask.Create(order: DigitOrder.Reversed);
        Assert.Equal("· · · · · · · · · · · - 5 4 5 5 5 ·", TargetText.Of(task, "1 2 3 4 5 - 6 7 8 9 0 = - 5 4 5 5 5"));
    }

    [Fact]
    public void Without_negatives_the_first_operand_is_never_smaller()
    {
        var task = DigitSubtractionTask.Create(2, negatives: false);
        var inputs = TargetText.SampledAgree(task, 300);
        Assert.All(inputs, input => Assert.Equal("+", input.Split(' ')[6]));
        Assert.Contains(TargetText.SampledAgree(DigitSubtractionTask.Create(2), 300), input => input.Split(' ')[6] == "-");

        // The ground truth still answers a < b, so a model trained without negatives can be probed on them.
        Assert.Equal("· · · · · - 0 1 ·", TargetText.Of(task, "1 2 - 1 3 = + 0 0"));
    }

    [Theory]
    [InlineData(1, DigitOrder.Standard, true)]
    [InlineData(6, DigitOrder.Reversed, true)]
    [InlineData(4, DigitOrder.Reversed, false)]
    public void Generator_agrees_with_the_ground_truth_for_other_options(int digits, DigitOrder order, bool negatives)
    {
        var task = DigitSubtractionTask.Create(digits, order, negatives);
        Assert.Equal(3 * digits + 3, task.SequenceLength);
        Assert.Equal(200, TargetText.SampledAgree(task, 200).Count);
    }

    [Theory]
    [InlineData("negatives", "sometimes", "option negatives = 'sometimes'")]
    [InlineData("n", "-1", "from 1 to 60")]
    [InlineData("order", "lsb", "one of standard, reversed")]
    public void Options_are_checked(string key, string value, string message)
    {
        var options = new TaskOptions { Extra = new Dictionary<string, string> { [key] = value } };
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create(DigitSubtractionTask.TaskName, options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Settings_record_every_option()
    {
        var task = TaskRegistry.Create("digit-sub", new TaskOptions { Extra = new Dictionary<string, string> { ["negatives"] = "no", ["n"] = "3" } });
        Assert.Equal(new Dictionary<string, string> { ["n"] = "3", ["order"] = "standard", ["negatives"] = "false" }, task.Settings);
        Assert.Equal(12, task.SequenceLength);
    }
}
