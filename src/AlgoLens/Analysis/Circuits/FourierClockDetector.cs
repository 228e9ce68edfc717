using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// The Fourier "clock" of modular addition (Nanda et al. 2023), a whole-model detector: the share of
/// the row-centred logits' variance over all p² inputs that Σ_k α_k cos(w_k(a + b − c)) explains over
/// the key frequencies the model's MLP neurons use (a − b − c for subtraction; the grokking measures'
/// <c>logit_variance_explained</c>, <see cref="GrokkingProgress"/>). Applies where the grokking
/// measures do (<see cref="GrokkingApplicability"/>).
/// </summary>
public static class FourierClockDetector
{
    /// <summary>The detector's name.</summary>
    public const string Name = "fourier_clock";

    /// <summary>Default threshold: nine tenths of the logit variance explained.</summary>
    public const double Threshold = 0.9;

    /// <summary>The detector on <paramref name="model"/>, a checkpoint of <paramref name="run"/>.</summary>
    public static DetectorResult Detect(RunFolder run, IModel model)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(model);
        if (GrokkingApplicability.WhyNot(run) is { } why)
        {
            return DetectorResult.NotApplicable(Name, Threshold, why);
        }
        var task = (ModularArithmeticTask)run.Task;
        var operation = CyclicOperation.FromName(task.Operation.Name)!;
        // Only the fit: the progress measures' losses need the run's data and cost most of detect's time.
        double explained = GrokkingProgress.LogitVarianceExplained((HookedTransformer)model, task.P, operation: operation);
        return new DetectorResult(Name, null, null, Math.Clamp(explained, 0, 1), null, Threshold);
    }

    /// <summary>The detector listed as not applicable when there is no run (a bare model file has no task).</summary>
    public static DetectorResult WithoutRun() =>
        DetectorResult.NotApplicable(Name, Threshold, "defined for a run of modular addition or subtraction; a model file alone names no task");
}
