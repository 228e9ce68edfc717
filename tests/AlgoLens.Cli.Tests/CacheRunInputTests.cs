using AlgoLens.IO;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// <c>cache</c> on a run folder: <c>--step</c> picks a checkpoint, and <c>--input</c> is read with the
/// run's own task options even when <c>--task</c> names the task (issue 22, item 1).
/// </summary>
public class CacheRunInputTests
{
    /// <summary>A tiny run of the add task with p = 7 (d_vocab 8, "=" is token 7), checkpoints at steps 0, 1 and 2.</summary>
    private static string TinyRun()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", "--preset", "small", "--p", "7", "--d-model", "16", "--n-heads", "2", "--d-head", "8", "--d-mlp", "16",
            "--steps", "2", "--checkpoint-every", "1", "--out", dir, "-q"]);
        Assert.True(code == 0, output);
        return dir;
    }

    // The console wraps long lines: compare with the whitespace collapsed.
    private static string Flat(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void StepPicksTheCheckpointAndAMissingStepIsNamed()
    {
        string dir = TinyRun();
        string first = Path.Combine(dir, "a.safetensors"), newest = Path.Combine(dir, "b.safetensors"), plain = Path.Combine(dir, "c.safetensors");
        Assert.Equal(0, Cli.Run("cache", "--model", dir, "--step", "0", "--tokens", "1 2 7", "--out", first).ExitCode);
        Assert.Equal(0, Cli.Run("cache", "--model", dir, "--step", "2", "--tokens", "1 2 7", "--out", newest).ExitCode);
        Assert.Equal(0, Cli.Run("cache", "--model", dir, "--tokens", "1 2 7", "--out", plain).ExitCode);
        float[] Logits(string path) => SafetensorsFile.Load(path)["logits"].ToFloat32();
        Assert.Equal(Logits(plain), Logits(newest));
        Assert.NotEqual(Logits(first), Logits(newest));

        var (code, text) = Cli.Run("cache", "--model", dir, "--step", "5", "--tokens", "1 2 7", "--out", Path.Combine(dir, "d.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("no checkpoint at that step. Saved steps: 0, 1, 2", Flat(text), StringComparison.Ordinal);

        string file = Path.Combine(dir, "checkpoints", Directory.GetFiles(Path.Combine(dir, "checkpoints"))[0]);
        (code, text) = Cli.Run("cache", "--model", file, "--step", "1", "--tokens", "1 2 7", "--out", Path.Combine(dir, "e.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("is not a folder with checkpoints/", Flat(text), StringComparison.Ordinal);
    }

    [Fact]
    public void InputWithTheRunsTaskNameUsesTheRunsOwnOptions()
    {
        string dir = TinyRun();
        string task = RunInfo.Load(dir).Task;
        string acts = Path.Combine(dir, "acts.safetensors");
        // Before: --task took the task's default options (p = 113), so "=" was read as token 113.
        var (code, text) = Cli.Run("cache", "--model", dir, "--task", task, "--input", "3 5 =", "--out", acts);
        Assert.True(code == 0, text);
        Assert.Equal([3L, 5, 7], SafetensorsFile.Load(acts)["tokens"].ToInt64());

        (code, text) = Cli.Run("cache", "--model", dir, "--task", task, "--task-option", "p=11", "--input", "3 5 =", "--out", acts);
        Assert.Equal(2, code);
        Assert.Contains("Drop --task-option", Flat(text), StringComparison.Ordinal);

        (code, text) = Cli.Run("cache", "--model", dir, "--task", "sort", "--input", "3 5 =", "--out", acts);
        Assert.Equal(2, code);
        Assert.Contains($"is not the run's task ({task})", Flat(text), StringComparison.Ordinal);
    }

    [Fact]
    public void InputWithATaskThatDoesNotFitAModelFileIsRefused()
    {
        string dir = TinyRun();
        string weights = Directory.GetFiles(Path.Combine(dir, "checkpoints"))[0];
        string task = RunInfo.Load(dir).Task;
        var (code, text) = Cli.Run("cache", "--model", weights, "--task", task, "--input", "3 5 =", "--out", Path.Combine(dir, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("d_vocab (input vocabulary size) is 8 in the model", Flat(text), StringComparison.Ordinal);
        (code, text) = Cli.Run("cache", "--model", weights, "--task", task, "--task-option", "p=7", "--input", "3 5 =", "--out", Path.Combine(dir, "y.safetensors"));
        Assert.True(code == 0, text);
    }
}
