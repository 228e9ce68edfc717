namespace AlgoLens.Cli.Tests;

/// <summary>The group task from the command line: its samples, and its bad groups refused with exit code 2.</summary>
public class GroupTaskCommandTests
{
    private static string Flat(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Samples_of_a_dihedral_group_name_its_elements()
    {
        var (code, output) = Cli.Run("tasks", "show", "group", "--task-option", "group=D7", "--samples", "3");
        Assert.True(code == 0, output);
        Assert.Matches("[rs][0-6] [rs][0-6] =", output);
    }

    [Theory]
    [InlineData("Q8", "'Q8' is not a group name")]
    [InlineData("S7", "S7: n must be 1 to 6")]
    [InlineData("C3000", "C3000: n must be 1 to 2048")]
    public void An_unknown_or_too_large_group_exits_2_with_what_works(string group, string message)
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run("train", "--task", "group", "--task-option", $"group={group}", "--steps", "1", "--out", dir, "-q");
        Assert.True(code == 2, output);
        string flat = Flat(output);
        Assert.Contains(message, flat, StringComparison.Ordinal);
        Assert.Contains("C113, D7, S5, A5", flat, StringComparison.Ordinal);
    }
}
