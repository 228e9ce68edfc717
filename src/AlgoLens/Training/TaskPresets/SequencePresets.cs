using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskPresets;

/// <summary>Presets of the sequence tasks (sorting, permuting, induction, previous token).</summary>
public static class SequencePresets
{
    /// <summary>
    /// Problem 3.21: a one-layer attention-only transformer with one head learns the previous token
    /// of random 16-token sequences over 32 tokens.
    /// </summary>
    public static Preset PreviousToken { get; } = new(
        "prev-token",
        "1-layer attention-only transformer, one head, predicts the previous token (problem 3.21).",
        "prev-token",
        new TaskOptions(),
        new HookedTransformerConfig
        {
            NLayers = 1, DModel = 64, NHeads = 1, DHead = 64, AttnOnly = true, ActFn = null, NormalizationType = "none",
        },
        new TrainingConfig
        {
            Steps = 400, LearningRate = 1e-3, WeightDecay = 0.01, WarmupSteps = 20, BatchSize = 128,
            TestExamples = 1024, LogEvery = 50, CheckpointEvery = 50,
        });

    /// <summary>Every preset of this group.</summary>
    public static IReadOnlyList<Preset> All { get; } = [PreviousToken];
}
