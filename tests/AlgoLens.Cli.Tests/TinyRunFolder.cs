using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>A small modular-addition run folder, trained through the library (faster than a process), with the settings of the tests' `train` arguments.</summary>
internal static class TinyRunFolder
{
    /// <summary>The `train` arguments of the same run (add, p 11), without --steps and --out.</summary>
    public static readonly string[] TrainArguments =
        ["--preset", "small", "--p", "11", "--frac", "0.6", "--d-model", "32", "--n-heads", "2", "--d-head", "16", "--d-mlp", "64", "--lr", "3e-3", "--log-every", "25", "--checkpoint-every", "50", "-q"];

    /// <summary>Trains <paramref name="steps"/> steps into a new folder (or <paramref name="directory"/>) and returns it.</summary>
    public static string Trained(int steps, string? directory = null)
    {
        string dir = directory ?? Cli.NewDirectory();
        var task = TaskRegistry.Create("add", new TaskOptions { P = 11 });
        var model = ((HookedTransformerConfig)Presets.Small.Model) with { DModel = 32, NHeads = 2, DHead = 16, DMlp = 64 };
        var training = Presets.Small.Training with { Steps = steps, TrainFraction = 0.6, LearningRate = 3e-3, LogEvery = 25, CheckpointEvery = 50 };
        new Trainer(task, model, training).Run(dir);
        return dir;
    }

    /// <summary>Every file under <paramref name="dir"/> (hidden ones too) with a hash of its bytes and its modification time.</summary>
    public static SortedDictionary<string, string> Snapshot(string dir) =>
        new(Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks),
            StringComparer.Ordinal);
}
