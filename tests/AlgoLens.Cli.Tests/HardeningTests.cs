using System.Diagnostics;
using System.Globalization;
using AlgoLens.Cli.Commands;
using AlgoLens.Training;
using Spectre.Console;

namespace AlgoLens.Cli.Tests;

public class HardeningTests
{
    private static readonly string[] Tiny =
        ["--preset", "small", "--p", "11", "--frac", "0.6", "--d-model", "32", "--n-heads", "2", "--d-head", "16", "--d-mlp", "64", "--lr", "3e-3", "--log-every", "25", "--checkpoint-every", "50", "-q"];

    // Far more steps than a test will ever wait for: the run is stopped (SIGTERM) or killed, never
    // left to finish, so nothing below depends on how fast it trains.
    private const string Endless = "100000000";

    /// <summary>Starts a `train` (or `grok`) that holds its folder's lock until stopped, and returns once run.json exists (the lock is taken before it is written).</summary>
    private static Process StartHolder(string dir, string command = "train")
    {
        var process = Process.Start(Cli.StartInfo([command, .. Tiny, "--steps", Endless, "--out", dir]))!;
        Bounded.ForFile(Path.Combine(dir, RunInfo.FileName), process);
        return process;
    }

    private static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    [Fact]
    public void ASecondWriterOnARunFolderIsRefusedNamingTheFirstsPidAndTheFirstRunStaysIntact()
    {
        string dir = Cli.NewDirectory();
        using var first = StartHolder(dir);
        try
        {
            RefusedWhileHeld(dir, first);
        }
        finally
        {
            StopIfRunning(first);
        }
    }

    private static void StopIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private static void RefusedWhileHeld(string dir, Process first)
    {
        string pid = $"pid {first.Id}";

        var (code, output) = Cli.Run(["train", .. Tiny, "--seed", "1", "--steps", "50", "--out", dir]);
        Assert.True(code == 2, output);
        Assert.Contains(pid, output, StringComparison.Ordinal);
        (code, output) = Cli.Run(["train", "--resume", dir, "-q"]);
        Assert.True(code == 2, output);
        Assert.Contains(pid, output, StringComparison.Ordinal);
        (code, output) = Cli.Run(["analyze", dir, "-q"]);
        Assert.True(code == 2, output);
        Assert.Contains(pid, output, StringComparison.Ordinal);

        Terminate(first);
        first.WaitForExit(); // a run that ignores SIGTERM fails through the run's hang timeout
        Assert.Equal(0, first.ExitCode);
        var info = RunInfo.Load(dir);
        Assert.Equal("stopped", info.Status);
        Assert.Equal(0, info.Training.Seed); // not the second writer's seed 1
        int stoppedAt = info.Summary!.StepsCompleted;

        // Intact: it resumes and completes, with one metrics row per logged step.
        var done = Trainer.Resume(dir, (name, settings) => AlgoLens.Tasks.TaskRegistry.Create(name, AlgoLens.Tasks.TaskOptions.FromSettings(settings)), stoppedAt + 50);
        Assert.Equal("completed", done.Status);
        var steps = MetricsLog.Read(dir).Select(r => r.Step).ToList();
        Assert.Equal(steps.Distinct().Order(), steps);
        Assert.Equal(stoppedAt + 50, steps[^1]);
    }

    [Fact]
    public void GrokHoldsTheRunAgainstEveryOtherWriter()
    {
        string dir = Cli.NewDirectory();
        using var grok = StartHolder(dir, "grok");
        try
        {
            string pid = $"pid {grok.Id}";
            foreach (string[] writer in new[] { ["analyze", dir, "-q"], ["report", dir], ["train", "--resume", dir, "-q"], new[] { "grok", "--resume", dir, "-q" } })
            {
                var (code, output) = Cli.Run(writer);
                Assert.True(code == 2, string.Join(' ', writer) + ": " + output);
                Assert.Contains(pid, output, StringComparison.Ordinal);
            }
        }
        finally
        {
            StopIfRunning(grok);
        }
    }

    [Fact]
    public void TheLargestModulusTrainedFullBatchIsRefusedUpFrontWithItsEstimate()
    {
        // Full batch at p 10007 needs terabytes of activations: above any machine's memory.
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", "--p", "10007", "--out", dir, "-q"]);
        Assert.True(code == 2, output);
        Assert.Contains("This run needs about", output, StringComparison.Ordinal);
        Assert.Contains("TiB", output, StringComparison.Ordinal);
        Assert.Contains("is available", output, StringComparison.Ordinal);
        Assert.Contains("--batch-size", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void TheOsReleasesTheLockOfAProcessKilledWithSigkill()
    {
        string dir = Cli.NewDirectory();
        using var holder = StartHolder(dir);
        try
        {
            var held = Assert.Throws<RunLockedException>(() => RunLock.Acquire(dir));
            Assert.Equal(holder.Id, held.HolderPid);
        }
        finally
        {
            StopIfRunning(holder);
        }

        holder.Kill(entireProcessTree: true); // SIGKILL: the process cannot release anything itself
        holder.WaitForExit();
        using (RunLock.Acquire(dir))
        {
            // Taken at once: no stale lock to clean up.
        }
    }

    [Fact]
    public void AnUnknownOptionIsAnErrorNamingItWithADidYouMean()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", "--learning-rate", "5", "--steps", "5", "--out", dir, "-q"]);
        Assert.True(code == 2, output);
        Assert.Contains("learning-rate", output, StringComparison.Ordinal);
        Assert.Contains("Did you mean --lr?", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));

        (code, output) = Cli.Run(["cache", "--model", "m.safetensors", "--tokens", "1 2", "--out", Path.Combine(dir, "a.safetensors"), "--gradz"]);
        Assert.True(code == 2, output);
        Assert.Contains("Did you mean --grads?", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeAndGrokRefuseSettingsThatDifferFromTheRunButMayExtendIt()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", .. Tiny, "--steps", "50", "--out", dir]);
        Assert.True(code == 0, output);
        string runJson = File.ReadAllText(Path.Combine(dir, RunInfo.FileName));

        (code, output) = Cli.Run(["train", "--resume", dir, "--task", "sub", "--lr", "0.5", "--d-model", "64", "--steps", "100", "-q"]);
        Assert.True(code == 2, output);
        string flat = output.ReplaceLineEndings(" ");
        Assert.Contains("task: the run has add, asked sub", flat, StringComparison.Ordinal);
        Assert.Contains("learning_rate: the run has 0.003, asked 0.5", flat, StringComparison.Ordinal);
        Assert.Contains("model d_model: the run has 32, asked 64", flat, StringComparison.Ordinal);
        Assert.DoesNotContain("steps:", flat, StringComparison.Ordinal);
        (code, output) = Cli.Run(["grok", "--out", dir, "--lr", "0.5", "-q"]);
        Assert.True(code == 2, output);
        Assert.Contains("learning_rate", output, StringComparison.Ordinal);
        Assert.Equal(runJson, File.ReadAllText(Path.Combine(dir, RunInfo.FileName)));

        // The run's own settings (or none) and a longer --steps are fine.
        (code, output) = Cli.Run(["train", "--resume", dir, .. Tiny, "--steps", "100"]);
        Assert.True(code == 0, output);
        Assert.Equal(100, RunInfo.Load(dir).Summary!.StepsCompleted);
    }

    [Theory]
    [InlineData("--model")]
    [InlineData("--tokens")]
    public void CacheRefusesAnOutThatIsOneOfItsInputs(string input)
    {
        string dir = Cli.NewDirectory();
        Directory.CreateDirectory(dir);
        string weights = Path.Combine(dir, "weights.safetensors"), tokens = Path.Combine(dir, "tokens.safetensors");
        File.Copy(Cli.Fixture("small_ln_gelu.weights.safetensors"), weights);
        File.Copy(Cli.Fixture("small_ln_gelu.expected.safetensors"), tokens);
        string target = input == "--model" ? weights : tokens;
        byte[] before = File.ReadAllBytes(target);
        var (code, output) = Cli.Run("cache", "--model", weights, "--config", Cli.Fixture("small_ln_gelu.config.json"), "--tokens", tokens,
            "--out", Path.Combine(dir, ".", Path.GetFileName(target)));
        Assert.True(code == 2, output);
        Assert.Contains($"is the {input} input", output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    [Fact]
    public void AnUnexpectedExceptionIsExitCode1WithItsTraceInALogFile()
    {
        string dir = Cli.NewDirectory();
        Directory.CreateDirectory(dir);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 10_000; // no wrapping inside the log's path

        int code = CliErrors.Run(() => throw new InvalidOperationException("a bug deep inside"), new CliSettings(), dir, console);
        Assert.Equal(CliErrors.Unexpected, code);
        string log = Assert.Single(Directory.GetFiles(dir, "algolens-error-*.log"));
        string trace = File.ReadAllText(log);
        Assert.Contains("System.InvalidOperationException: a bug deep inside", trace, StringComparison.Ordinal);
        Assert.Contains(" at ", trace, StringComparison.Ordinal);
        string printed = output.ToString().ReplaceLineEndings(" ");
        Assert.Contains("a bug deep inside", printed, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(log), printed, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", printed, StringComparison.Ordinal);

        output.GetStringBuilder().Clear();
        code = CliErrors.Run(() => throw new KeyNotFoundException("another bug"), new CliSettings { Verbose = true }, dir, console);
        Assert.Equal(CliErrors.Unexpected, code);
        Assert.Contains("System.Collections.Generic.KeyNotFoundException: another bug", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(" at ", output.ToString(), StringComparison.Ordinal);

        // Bad input stays one line and exit code 2.
        output.GetStringBuilder().Clear();
        Assert.Equal(CliErrors.BadInput, CliErrors.Run(() => throw new ArgumentException("--frac must be in (0, 1)"), new CliSettings(), dir, console));
        Assert.DoesNotContain(" at ", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(dir, "algolens-error-*.log").Length);
    }

    [Theory]
    [InlineData("{\"model_kind\": 5}", "model_kind must be a string")]
    [InlineData("{\"d_model\": ", "is not valid JSON")]
    [InlineData("[1, 2]", "must hold a JSON object")]
    [InlineData(null, "is a folder")]
    public void ABrokenConfigIsBadInputNotACrash(string? json, string expected)
    {
        string dir = Cli.NewDirectory();
        Directory.CreateDirectory(dir);
        string config = Path.Combine(dir, "config.json");
        if (json is null)
        {
            Directory.CreateDirectory(config);
        }
        else
        {
            File.WriteAllText(config, json);
        }
        var (code, output) = Cli.Run("cache", "--model", Cli.Fixture("small_ln_gelu.weights.safetensors"), "--config", config, "--tokens", "1 2 3", "--out", Path.Combine(dir, "acts.safetensors"));
        Assert.True(code == 2, output);
        Assert.Contains(expected, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir, "algolens-error-*.log"));
    }
}
