using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.TaskPresets;

/// <summary>Presets of the in-context regression tasks (problems 3.13 and 3.14).</summary>
public static class InContextPresets
{
    /// <summary>
    /// Problem 3.13: a 6-layer causal transformer (Garg et al. 2022's GPT-2 recipe at toy size) learns
    /// in-context linear regression in d = 5, with 11 examples per prompt and noise σ = 0.5. With
    /// noise, least squares and the Bayes-optimal ridge (λ = σ²) stay above zero, so the model's
    /// error per number of examples can be read against both (<c>eval</c> prints their curves).
    /// Depth matters more than width here: each layer can do about one refinement step of the fit
    /// (von Oswald et al. 2023), and 3 layers level off well above least squares at 2d examples.
    /// </summary>
    public static Preset Linear { get; } = new(
        "icl-linear",
        "6-layer transformer learns in-context linear regression in d = 5 with noise 0.5 (problem 3.13).",
        Tasks.InContext.LinearRegressionTask.Definition,
        new TaskOptions { Extra = new Dictionary<string, string> { ["noise"] = "0.5" } },
        new HookedTransformerConfig
        {
            NLayers = 6, DModel = 64, NHeads = 4, DHead = 16, DMlp = 256, ActFn = "gelu", NormalizationType = "LN",
        },
        new TrainingConfig
        {
            Steps = 3000, LearningRate = 1.5e-3, WeightDecay = 0.0, WarmupSteps = 100, BatchSize = 128,
            TestExamples = 2048, LogEvery = 250, CheckpointEvery = 500,
        });

    /// <summary>
    /// Problem 3.14: the same transformer on in-context sparse linear regression, d = 8 with 2
    /// non-zero coordinates and 12 examples per prompt, without noise; read its curve against least
    /// squares and the Lasso (α = 0.01) between 2 and 8 examples, where sparsity pays.
    /// </summary>
    public static Preset SparseLinear { get; } = Linear with
    {
        Name = "icl-sparse-linear",
        Description = "6-layer transformer learns in-context sparse linear regression, d = 8, s = 2 (problem 3.14).",
        Task = Tasks.InContext.SparseLinearRegressionTask.TaskName,
        TaskOptions = new TaskOptions(),
    };

    /// <summary>Every preset of this group.</summary>
    public static IReadOnlyList<Preset> All { get; } = [Linear, SparseLinear];
}
