using AlgoLens.Analysis.Measures;
using AlgoLens.Training;

namespace AlgoLens.TestPlugin;

/// <summary>A plugin measure: the model's parameter count at every checkpoint (column test_parameters).</summary>
public sealed class ParameterCountMeasure : ICheckpointMeasure
{
    /// <inheritdoc/>
    public string Name => "test_parameters";

    /// <inheritdoc/>
    public string Description => "number of parameter values (a plugin measure)";

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run) => null;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Dictionary<string, double> { ["test_parameters"] = context.Model.Parameters.Tensors.Sum(t => (double)t.Size) };
    }
}
