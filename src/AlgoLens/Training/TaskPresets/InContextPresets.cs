using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskPresets;

/// <summary>Presets of the in-context regression tasks (problems 3.13 and 3.14).</summary>
public static class InContextPresets
{
    /// <summary>
    /// Problem 3.13: a small causal transformer (Garg et al. 2022's recipe at toy size) learns
    /// in-context linear regression in d = 5 from freshly drawn prompts.
    /// </summary>
    public static Preset Linear { get; } = new(
        "icl-linear",
        "3-layer transformer learns in-context linear regression in d = 5 (problem 3.13).",
        "icl-linear",
        new TaskOptions(),
        new HookedTransformerConfig
        {
            NLayers = 3, DModel = 64, NHeads = 4, DHead = 16, DMlp = 256, ActFn = "gelu", NormalizationType = "LN",
        },
        new TrainingConfig
        {
            Steps = 4000, LearningRate = 1e-3, WeightDecay = 0.0, WarmupSteps = 100, BatchSize = 64,
            TestExamples = 2048, LogEvery = 200, CheckpointEvery = 500,
        });

    /// <summary>Every preset of this group.</summary>
    public static IReadOnlyList<Preset> All { get; } = [Linear];
}
