using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskPresets;

/// <summary>Presets of the composite tasks (several tasks in one model).</summary>
public static class CompositePresets
{
    /// <summary>
    /// Problem 3.11: one transformer learns (a + b) mod 59, (a − b) mod 59 and max(a, b) at once, each
    /// example opened by its task token, with the numbers' tokens shared by the three tasks. The
    /// grokking model (one layer, d_model 128, four heads, d_mlp 512, AdamW with weight decay 1, full
    /// batch) trained on 70% of each task's pairs generalises on all three (≥ 99% test accuracy each)
    /// within 4,000 steps.
    /// </summary>
    public static Preset Multitask { get; } = new(
        "multitask",
        "1-layer transformer learning add, sub (mod 59) and max at once, each example prefixed by its task token (problem 3.11).",
        Tasks.Composite.Multitask.Definition,
        new TaskOptions { P = 59 },
        new HookedTransformerConfig
        {
            NLayers = 1, DModel = 128, NHeads = 4, DHead = 32, DMlp = 512, ActFn = "relu", NormalizationType = "none",
        },
        new TrainingConfig
        {
            Steps = 4000, LearningRate = 1e-3, WeightDecay = 1.0, Beta1 = 0.9, Beta2 = 0.98, WarmupSteps = 10,
            BatchSize = 0, TrainFraction = 0.7, LogEvery = 100, CheckpointEvery = 100,
        });

    /// <summary>Every preset of this group.</summary>
    public static IReadOnlyList<Preset> All { get; } = [Multitask];
}
