using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// Sums of squared weights (see <see cref="WeightNorms.Of"/>): the total, which weight decay pulls
/// down and which falls sharply in grokking's cleanup, and where it sits (per component and per
/// declared parameter role). Applies to every run and model kind.
/// </summary>
public sealed class WeightNormsMeasure : ICheckpointMeasure
{
    /// <inheritdoc/>
    public string Name => "weight_norms";

    /// <inheritdoc/>
    public string Description => "Σw² in total, per component and per parameter role";

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run) => null;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WeightNorms.Of(context.Model);
    }
}
