using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

/// <summary>A modular-addition run small enough to train in well under a second.</summary>
internal static class TinyRun
{
    public static ITask Task => TaskRegistry.Create("add", new TaskOptions { P = 11 });

    public static HookedTransformerConfig Model => ((HookedTransformerConfig)Presets.Small.Model) with { DModel = 32, NHeads = 2, DHead = 16, DMlp = 64 };

    public static TrainingConfig Training(int steps) => Presets.Small.Training with
    {
        Steps = steps, TrainFraction = 0.6, LearningRate = 3e-3, LogEvery = 25, CheckpointEvery = 50,
    };

    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));

    public static ITask Create(string name, IReadOnlyDictionary<string, string> settings) =>
        TaskRegistry.Create(name, TaskOptions.FromSettings(settings));

    /// <summary>Every checkpoint file's bytes, by name (resume state excluded).</summary>
    public static Dictionary<string, byte[]> Checkpoints(string runDirectory) =>
        Directory.GetFiles(Path.Combine(runDirectory, "checkpoints"), "step_*.safetensors")
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
