using System.Globalization;
using AlgoLens.Cli.Commands;

namespace AlgoLens.Cli.Tests;

/// <summary>`--threads` is bounded by the machine's cores before anything is made (issue 21, item 7).</summary>
public class ThreadsOptionTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("grok")]
    public void A_huge_thread_count_is_refused_before_the_run_folder_exists(string command)
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(command, "--preset", "small", "--steps", "100", "--threads", "100000", "--out", dir, "-q");
        Assert.True(code == 2, output);
        string flat = string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--threads 100000", flat, StringComparison.Ordinal);
        Assert.Contains("1.." + TrainSettings.MaxThreads.ToString(CultureInfo.InvariantCulture), flat, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "the run folder was created");
    }

    [Fact]
    public void No_threads_is_refused_too()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run("train", "--preset", "small", "--steps", "1", "--threads", "0", "--out", dir, "-q");
        Assert.True(code == 2, output);
        Assert.Contains("--threads 0", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void The_bound_itself_trains_and_one_more_is_refused()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run("train", "--preset", "small", "--p", "11", "--d-model", "16", "--d-mlp", "32", "--steps", "1",
            "--threads", TrainSettings.MaxThreads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir, "-q");
        Assert.True(code == 0, output);
        string over = Cli.NewDirectory();
        (code, output) = Cli.Run("train", "--preset", "small", "--steps", "1",
            "--threads", (TrainSettings.MaxThreads + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", over, "-q");
        Assert.True(code == 2, output);
        Assert.False(Directory.Exists(over));
    }
}
