using AlgoLens.Tasks;
using AlgoLens.Tasks.Arithmetic;

namespace AlgoLens.Tests.Tasks.Arithmetic;

public class RecurrenceTaskTests
{
    [Fact]
    public void Predicts_fibonacci_mod_7_from_position_1_on()
    {
        // 1 1 2 3 5 8=1 6 7=0, and the element after the sequence is 6 + 0 = 6.
        var task = RecurrenceTask.Create(7, length: 8);
        Assert.Equal("· 2 3 5 1 6 0 6", TargetText.Of(task, "1 1 2 3 5 1 6 0"));
    }

    [Fact]
    public void Uses_the_coefficients()
    {
        // x_n = 2 x_{n-1} + 3 x_{n-2} mod 11 from 1, 0: 3, 6, 21 = 10, 38 = 5, 40 = 7.
        var task = RecurrenceTask.Create(11, 2, 3, 6);
        Assert.Equal("· 3 6 10 5 7", TargetText.Of(task, "1 0 3 6 10 5"));
        Assert.Contains("(2 x_{n-1} + 3 x_{n-2}) mod 11", task.Description);
    }

    [Fact]
    public void Each_target_comes_from_the_inputs_own_last_two_elements()
    {
        var task = RecurrenceTask.Create(7, length: 4);
        Assert.Equal("· 1 6 2", TargetText.Of(task, "0 1 5 4"));
    }

    [Theory]
    [InlineData(7, 1, 1, 16)]
    [InlineData(11, 2, 5, 2)]
    [InlineData(113, 0, 1, 40)]
    public void Generator_agrees_with_the_ground_truth_for_other_options(int p, int a, int b, int length)
    {
        var task = RecurrenceTask.Create(p, a, b, length);
        Assert.Equal(p, task.Vocabulary.Count);
        Assert.Equal(200, TargetText.SampledAgree(task, 200).Count);
    }

    [Fact]
    public void Refuses_inputs_that_are_not_examples()
    {
        var task = RecurrenceTask.Create(7, length: 4);
        Assert.Contains("has 4 elements; got 3", Assert.Throws<ArgumentException>(() => task.Answer([1, 2, 3])).Message);
        Assert.Contains("Element 7 is outside 0..6", Assert.Throws<ArgumentException>(() => task.Answer([1, 2, 7, 0])).Message);
    }

    [Theory]
    [InlineData(11, "a", "11", "option a = '11'")]
    [InlineData(11, "b", "-1", "from 0 to 10")]
    [InlineData(11, "length", "1", "from 2 to 512")]
    [InlineData(1, "length", "8", "option p = '1'")]
    [InlineData(11, "lenght", "8", "did you mean 'length'")]
    public void Options_are_checked(int p, string key, string value, string message)
    {
        var options = new TaskOptions { P = p, Extra = new Dictionary<string, string> { [key] = value } };
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create(RecurrenceTask.TaskName, options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_modulus_comes_through_p_and_settings_rebuild_the_task()
    {
        var task = TaskRegistry.Create("recurrence", new TaskOptions { P = 11, Extra = new Dictionary<string, string> { ["b"] = "4" } });
        Assert.Equal(new Dictionary<string, string> { ["p"] = "11", ["a"] = "1", ["b"] = "4", ["length"] = "16" }, task.Settings);
        var rebuilt = (RecurrenceTask)TaskRegistry.Create("recurrence", TaskOptions.FromSettings(task.Settings));
        Assert.Equal((11, 1, 4, 16), (rebuilt.P, rebuilt.A, rebuilt.B, rebuilt.Length));
    }
}
