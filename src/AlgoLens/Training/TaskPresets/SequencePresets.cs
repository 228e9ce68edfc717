using System.Collections.ObjectModel;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskPresets;

/// <summary>Presets of the sequence tasks (sorting, permuting, induction, previous token).</summary>
public static class SequencePresets
{
    /// <summary>
    /// AdamW at a constant 1e-3 on batches of 256 for 2,000 steps: the training <c>permute</c> and
    /// <c>repeat</c> start from.
    /// </summary>
    private static readonly TrainingConfig SequenceTraining = new()
    {
        Steps = 2000, LearningRate = 1e-3, WeightDecay = 0.01, WarmupSteps = 20, BatchSize = 256,
        TestExamples = 1024, LogEvery = 100, CheckpointEvery = 200,
    };

    /// <summary>
    /// Problem 3.21: a one-layer attention-only transformer with one head learns the previous token
    /// of random 16-token sequences over 32 tokens.
    /// </summary>
    public static Preset PreviousToken { get; } = new(
        "prev-token",
        "1-layer attention-only transformer, one head, predicts the previous token (problem 3.21).",
        Tasks.Sequences.PreviousTokenTask.Definition,
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

    // The sort model, typed, so that the presets derived from it change it without a downcast.
    private static readonly HookedTransformerConfig SortModel = new()
    {
        NLayers = 1, DModel = 64, NHeads = 2, DHead = 32, AttnOnly = true, ActFn = null, NormalizationType = "none",
    };

    /// <summary>
    /// Problem 3.1: a one-layer attention-only transformer with two heads sorts lists of 5 values
    /// 0..9 (duplicates allowed). Attention alone suffices: each output position attends mostly to
    /// the input copies of the value it predicts. A cosine decay from lr 3e-3 settles what a
    /// constant rate leaves fluctuating: whole-sequence exact match ends at 100%, with fixed lengths
    /// and with <c>--task-option variable=true</c> (problem 3.2) alike.
    /// </summary>
    public static Preset Sort { get; } = new(
        "sort",
        "1-layer attention-only transformer, two heads, sorts 5 values 0..9 (problems 3.1, 3.2).",
        Tasks.Sequences.SortTask.Definition,
        new TaskOptions(),
        SortModel,
        SequenceTraining with { LearningRate = 3e-3, LrSchedule = LearningRateSchedules.Cosine });

    /// <summary>
    /// Problem 3.6: a two-layer attention-only transformer permutes lists of 5 values 0..9. The
    /// first layer's heads move each value to its index token, the second layer's read the index
    /// token n positions back from each output; exact match passes 99% near step 900.
    /// </summary>
    public static Preset Permute { get; } = new(
        "permute",
        "2-layer attention-only transformer, two heads a layer, permutes 5 values by given indices (problem 3.6).",
        Tasks.Sequences.PermuteTask.Definition,
        new TaskOptions(),
        SortModel with { NLayers = 2 },
        SequenceTraining with { Steps = 1500, CheckpointEvery = 100 });

    /// <summary>
    /// Problem 3.16: a two-layer attention-only transformer on 2..10 random tokens of 64, repeated.
    /// The half-length varies so that no head can find the copy by position alone (with one fixed
    /// length a single layer solves the task that way); induction heads form in layer 1 between
    /// steps 400 and 500 (layer 0's previous-token attention is split over both heads: `detect`
    /// scores 0.47 and 0.28), at a learning rate of 3e-3, and the
    /// repeated half's loss ends near 0.05 against ln 64 = 4.16 for a guess.
    /// </summary>
    public static Preset Repeat { get; } = new(
        "repeat",
        "2-layer attention-only transformer, two heads a layer, forms induction heads on repeated random tokens (problem 3.16).",
        Tasks.Sequences.RepeatTask.Definition,
        new TaskOptions
        {
            Extra = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>
            {
                ["length"] = "10", ["V"] = "64", ["variable"] = "true", ["min_length"] = "2",
            }),
        },
        SortModel with { NLayers = 2 },
        SequenceTraining with { Steps = 1000, LearningRate = 3e-3, BatchSize = 128, LogEvery = 50, CheckpointEvery = 50 });

    /// <summary>
    /// Problem 3.16 with the repeat hidden among random tokens (<c>layout=embedded</c>): 32 random
    /// tokens of 64 in which one stretch of 2..10 occurs twice at random places, the loss read on
    /// the second copy. The <c>repeat</c> preset's model and training: after 1,000 steps the second
    /// copy's loss is 0.37, ln 64 / 11, against 7.0 on the rest (which it is never trained on).
    /// </summary>
    public static Preset RepeatEmbedded { get; } = Repeat with
    {
        Name = "repeat-embedded",
        Description = "2-layer attention-only transformer forms induction heads on a stretch repeated at random places among 32 random tokens (problem 3.16).",
        TaskOptions = new TaskOptions
        {
            Extra = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>
            {
                ["layout"] = "embedded", ["context"] = "32", ["length"] = "10", ["V"] = "64", ["variable"] = "true", ["min_length"] = "2",
            }),
        },
    };

    /// <summary>Every preset of this group.</summary>
    public static IReadOnlyList<Preset> All { get; } = [PreviousToken, Sort, Permute, Repeat, RepeatEmbedded];
}
