using System.Diagnostics;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

public class TrainCommandTests
{
    private static readonly string[] Tiny =
        ["--preset", "small", "--p", "11", "--frac", "0.6", "--d-model", "32", "--n-heads", "2", "--d-head", "16", "--d-mlp", "64", "--lr", "3e-3", "--log-every", "25", "--checkpoint-every", "50", "-q"];

    // Far more steps than a test will ever wait for: such a run is killed or stopped, never left
    // to finish, so no test races it.
    private const string Endless = "100000000";

    private static ITask Create(string name, IReadOnlyDictionary<string, string> settings) =>
        TaskRegistry.Create(name, TaskOptions.FromSettings(settings));

    [Fact]
    public void ARunKilledWithSigkillResumesFromItsLastWholeCheckpoint()
    {
        string killed = Cli.NewDirectory(), unbroken = Cli.NewDirectory();
        using (var process = Process.Start(Cli.StartInfo(["train", .. Tiny, "--steps", Endless, "--out", killed]))!)
        {
            // Killed once its step-300 checkpoint exists, wherever it has got to by then (perhaps
            // in the middle of writing a later one).
            Bounded.ForFile(Path.Combine(killed, "checkpoints", "step_000300.safetensors"), process);
            process.Kill(entireProcessTree: true); // SIGKILL: no chance to clean up
            process.WaitForExit();
        }
        Assert.Equal("running", RunInfo.Load(killed).Status);

        // Resumed to 100 steps past the newest weights file it left, it ends bitwise where a run
        // of that length that was never killed ends.
        int steps = new CheckpointStore(Path.Combine(killed, "checkpoints")).Steps().Max() + 100;
        var resumed = Trainer.Resume(killed, Create, steps);
        Assert.Equal("completed", resumed.Status);

        var (code, output) = Cli.Run(["train", .. Tiny, "--steps", $"{steps}", "--out", unbroken]);
        Assert.True(code == 0, output);
        string last = $"step_{steps:D6}.safetensors";
        Assert.Equal(File.ReadAllBytes(Path.Combine(unbroken, "checkpoints", last)), File.ReadAllBytes(Path.Combine(killed, "checkpoints", last)));
        Assert.Equal(
            MetricsLog.Read(unbroken).Select(r => r.ToCsv()[..r.ToCsv().LastIndexOf(',')]),
            MetricsLog.Read(killed).Select(r => r.ToCsv()[..r.ToCsv().LastIndexOf(',')]));
    }

    [Fact]
    public void SigtermCheckpointsAndStopsCleanly()
    {
        string dir = Cli.NewDirectory();
        using var process = Process.Start(Cli.StartInfo(["train", .. Tiny, "--steps", Endless, "--out", dir]))!;
        Bounded.ForFile(Path.Combine(dir, "checkpoints", "step_000100.safetensors"), process);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }
        if (!process.WaitForExit(Bounded.Timeout))
        {
            process.Kill(entireProcessTree: true); // an endless run must not outlive the test
            Assert.Fail("the run did not stop after SIGTERM");
        }
        Assert.Equal(0, process.ExitCode);
        var info = RunInfo.Load(dir);
        Assert.Equal("stopped", info.Status);
        int stoppedAt = info.Summary!.StepsCompleted;
        Assert.Contains(stoppedAt, new CheckpointStore(Path.Combine(dir, "checkpoints")).Steps());
    }

    [Fact]
    public void TrainThenEvalThroughTheCommandLine()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", .. Tiny, "--steps", "100", "--out", dir]);
        Assert.True(code == 0, output);
        Assert.Contains("completed", output);
        (code, output) = Cli.Run("eval", dir, "--step", "50");
        Assert.True(code == 0, output);
        Assert.Contains("step 50", output);
        Assert.Contains("test", output);
    }

    [Theory]
    [InlineData("Unknown task 'addd'. Did you mean 'add'?", "--task", "addd")]
    [InlineData("p must be prime", "--task", "div", "--p", "12")]
    [InlineData("between 0 and 1", "--frac", "1.5")]
    [InlineData("Unknown preset 'nope'", "--preset", "nope")]
    [InlineData("act_fn 'swish'", "--act", "swish")]
    public void BadSettingsExitWithAMessageNotAStackTrace(string expected, params string[] args)
    {
        var (code, output) = Cli.Run(["train", .. args, "--steps", "5", "--out", Cli.NewDirectory(), "-q"]);
        Assert.Equal(2, code);
        Assert.Contains(expected, output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output);
    }
}
