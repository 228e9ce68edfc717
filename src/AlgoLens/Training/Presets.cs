using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training;

/// <summary>The built-in presets.</summary>
public static class Presets
{
    // The grokking model, typed, so that the presets derived from it change it without a downcast.
    // Declared before the presets: static fields are initialised in the order they are written.
    private static readonly HookedTransformerConfig GrokkingModel = new()
    {
        NLayers = 1, DModel = 128, NHeads = 4, DHead = 32, DMlp = 512, ActFn = "relu", NormalizationType = "none",
        InitScheme = "grokking", TrainableBiases = "mlp",
    };

    /// <summary>
    /// Nanda et al.'s grokking setting as the paper's code has it: (a + b) mod 113, 30% train;
    /// 1 layer, d_model 128, 4 heads of 32, d_mlp 512, ReLU, no LayerNorm; every matrix
    /// randn/sqrt(d_model) and W_U randn/sqrt(d_vocab); MLP biases trained from zero, all other
    /// biases frozen at zero; AdamW lr 1e-3, weight decay 1, betas (0.9, 0.98), 10-step linear
    /// warm-up, full batch, float64 loss; 20,000 steps (well past cleanup) with a checkpoint every 100.
    /// </summary>
    public static Preset Grokking { get; } = new(
        "grokking",
        "Nanda et al.'s (a+b) mod 113 one-layer transformer, as the paper's code trains it (groks near step 10k).",
        ModularOperation.Add.Name,
        new TaskOptions { P = 113 },
        GrokkingModel,
        new TrainingConfig
        {
            Steps = 20_000, LearningRate = 1e-3, WeightDecay = 1.0, Beta1 = 0.9, Beta2 = 0.98, WarmupSteps = 10,
            BatchSize = 0, TrainFraction = 0.3, LogEvery = 100, CheckpointEvery = 100,
        });

    /// <summary>A small modular-addition run that groks in about a minute on two cores, for demos and smoke tests.</summary>
    public static Preset Small { get; } = new(
        "small",
        "A small (a+b) mod 59 transformer that groks in about a minute; for demos and smoke tests.",
        ModularOperation.Add.Name,
        new TaskOptions { P = 59 },
        GrokkingModel with { DModel = 64, NHeads = 4, DHead = 16, DMlp = 256 },
        Grokking.Training with { Steps = 6_000, TrainFraction = 0.4, LogEvery = 50, CheckpointEvery = 100 });

    /// <summary>
    /// Problem 3.23 of the seed: the grokking preset with GELU (erf form) instead of ReLU in the MLP,
    /// everything else the same, to ask whether the algorithm and its key frequencies change.
    /// </summary>
    public static Preset GrokkingGelu { get; } = Grokking with
    {
        Name = "grokking-gelu",
        Description = "The grokking preset with GELU instead of ReLU in the MLP (problem 3.23).",
        Model = GrokkingModel with { ActFn = "gelu" },
    };

    /// <summary>Every preset: the grokking ones, then one per task of the task zoo (named as its task).</summary>
    public static IReadOnlyList<Preset> All { get; } =
    [
        Grokking, Small, GrokkingGelu,
        .. TaskPresets.SequencePresets.All,
        .. TaskPresets.LogicPresets.All,
        .. TaskPresets.CompositePresets.All,
        .. TaskPresets.LanguagePresets.All,
        .. TaskPresets.InContextPresets.All,
        .. TaskPresets.ArithmeticPresets.All,
        .. TaskPresets.GroupPresets.All,
    ];

    /// <summary>A preset by name, or an error listing the presets.</summary>
    public static Preset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown preset '{name}'. Presets: {string.Join(", ", All.Select(p => p.Name))}.");
}
