namespace AlgoLens.Cli.Tests;

/// <summary>`train --measure NAME[,NAME] --measure-every N` (issue 22, item 2): bad input refused, and the report's step resolution.</summary>
public class TrainMeasureOptionTests
{
    private static readonly string[] TinyRepeat =
        ["train", "--preset", "repeat", "--d-model", "16", "--d-head", "8", "--batch-size", "16", "--test-examples", "16", "--checkpoint-every", "10", "--log-every", "10", "-q"];

    private static string Flat(string output) => string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("circuit", "5", "There is no measure 'circuit'. Did you mean 'circuits'? The measures: losses, weight_norms, attention_entropy, circuits, grokking, group_irreps, superposition.")]
    [InlineData("circuits", "0", "--measure-every 0 is not a number of steps")]
    [InlineData("grokking", "5", "The measure 'grokking' cannot run during training")]
    public void Bad_measures_are_refused_with_exit_code_2_before_the_run_folder_exists(string names, string every, string expected)
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run([.. TinyRepeat, "--steps", "20", "--measure", names, "--measure-every", every, "--out", dir]);
        Assert.True(code == 2, output);
        Assert.Contains(expected, Flat(output), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "the run folder was created");
    }

    [Fact]
    public void Measure_every_without_measure_is_refused()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run([.. TinyRepeat, "--steps", "20", "--measure-every", "5", "--out", dir]);
        Assert.True(code == 2, output);
        Assert.Contains("--measure-every without --measure", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_draws_the_detector_scores_at_every_measured_step()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run([.. TinyRepeat, "--steps", "20", "--measure", "circuits", "--measure-every", "2", "--out", dir]);
        Assert.True(code == 0, output);
        Assert.Equal(12, File.ReadAllLines(Path.Combine(dir, "measures.csv")).Length); // header, steps 0, 2, ..., 20
        (code, output) = Cli.Run("analyze", dir, "-q");
        Assert.True(code == 0, output);
        (code, output) = Cli.Run("report", dir);
        Assert.True(code == 0, output);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("at 11 steps measured during training", html, StringComparison.Ordinal);
    }
}
