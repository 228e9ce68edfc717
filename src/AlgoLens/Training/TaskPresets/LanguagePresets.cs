using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskPresets;

/// <summary>Presets of the language-like tasks (indirect object identification, code output).</summary>
public static class LanguagePresets
{
    /// <summary>
    /// Problem 3.22: a three-layer attention-only transformer learns the toy IOI task (both orders,
    /// eight frames, 20 names).
    /// </summary>
    public static Preset Ioi { get; } = new(
        "ioi",
        "3-layer attention-only transformer on toy indirect object identification (problems 3.18, 3.22).",
        "ioi",
        new TaskOptions(),
        new HookedTransformerConfig
        {
            NLayers = 3, DModel = 64, NHeads = 4, DHead = 16, AttnOnly = true, ActFn = null, NormalizationType = "LN",
        },
        new TrainingConfig
        {
            Steps = 2000, LearningRate = 1e-3, WeightDecay = 0.01, WarmupSteps = 50, BatchSize = 64,
            TestExamples = 1024, LogEvery = 100, CheckpointEvery = 500,
        });

    /// <summary>Problem 3.9: a two-layer transformer predicts the list a short program leaves.</summary>
    public static Preset CodeOutput { get; } = new(
        "code-output",
        "2-layer transformer predicts the output of short list-assignment programs (problem 3.9).",
        "code-output",
        new TaskOptions(),
        new HookedTransformerConfig
        {
            NLayers = 2, DModel = 64, NHeads = 4, DHead = 16, DMlp = 256, ActFn = "gelu", NormalizationType = "LN",
        },
        new TrainingConfig
        {
            Steps = 2000, LearningRate = 1e-3, WeightDecay = 0.01, WarmupSteps = 50, BatchSize = 64,
            TestExamples = 1024, LogEvery = 100, CheckpointEvery = 500,
        });

    /// <summary>Every preset of this group.</summary>
    public static IReadOnlyList<Preset> All { get; } = [Ioi, CodeOutput];
}
