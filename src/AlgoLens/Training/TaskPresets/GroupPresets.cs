using AlgoLens.Models.Mlp;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskPresets;

/// <summary>
/// Presets of group composition (Chughtai, Chan and Nanda 2023, "A toy model of universality"):
/// the paper's kind of model, an MLP that embeds a and b separately, concatenates them into one
/// hidden ReLU layer and unembeds, trained full batch with AdamW and weight decay on 60% of the
/// pairs until it generalises. docs/groups.md describes the analysis.
/// </summary>
public static class GroupPresets
{
    private static readonly MlpConfig GroupModel = new()
    {
        DEmbed = 64, NLayers = 1, DHidden = [128], ActFn = "relu", InitScheme = "transformer_lens",
    };

    private static readonly TrainingConfig GroupTraining = new()
    {
        Steps = 8000, LearningRate = 3e-3, WeightDecay = 1.0, Beta1 = 0.9, Beta2 = 0.98, WarmupSteps = 10,
        BatchSize = 0, TrainFraction = 0.6, LogEvery = 100, CheckpointEvery = 500,
    };

    /// <summary>Composition in S5 (120 elements), the paper's main example.</summary>
    public static Preset S5 { get; } = new(
        "group-s5",
        "MLP learns composition in S5 from 60% of the pairs (Chughtai et al. 2023; group_irreps measure).",
        Tasks.Groups.GroupTask.Definition,
        Options("S5"),
        GroupModel,
        GroupTraining);

    /// <summary>Composition in A5 (60 elements).</summary>
    public static Preset A5 { get; } = S5 with
    {
        Name = "group-a5",
        Description = "MLP learns composition in A5 from 60% of the pairs (Chughtai et al. 2023; group_irreps measure).",
        TaskOptions = Options("A5"),
    };

    /// <summary>Every group preset.</summary>
    public static IReadOnlyList<Preset> All { get; } = [S5, A5];

    private static TaskOptions Options(string group) =>
        new() { Extra = new Dictionary<string, string> { [Tasks.Groups.GroupTask.GroupOption] = group } };
}
