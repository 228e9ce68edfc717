using System.Globalization;
using AlgoLens.Reports.Charts;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// Sums of squared weights (see <see cref="WeightNorms.Of"/>): the total, which weight decay pulls
/// down and which falls sharply in grokking's cleanup, and where it sits (per component and per
/// declared parameter role). Applies to every run and model kind.
/// </summary>
public sealed class WeightNormsMeasure : ICheckpointMeasure
{
    /// <summary>The measure's name, for measures that depend on it.</summary>
    public const string MeasureName = "weight_norms";

    /// <inheritdoc/>
    public string Name => MeasureName;

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

    /// <inheritdoc/>
    public void Report(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        const string Prefix = "sum_squared_weights.";
        var table = context.Table;
        var steps = context.Steps;
        var components = context.Measure.Columns.Where(c => c.StartsWith(Prefix, StringComparison.Ordinal) && !c.StartsWith(Prefix + "role.", StringComparison.Ordinal)).ToArray();
        var chart = new LineChart { Title = "Sum of squared weights per component" };
        chart.XAxis.Title = "step";
        chart.YAxis.Title = "Σ w²";
        foreach (string c in components)
        {
            chart.Add(c[Prefix.Length..], steps, table.Column(c));
        }
        if (components.All(c => table.Column(c).All(v => v > 0)))
        {
            chart.YAxis.Scale = AxisScale.Log10; // components differ by orders of magnitude
        }
        context.Page.AddSection("Weight norms")
            .Paragraph($"Σ w² at the last analysed step: {table.Column("sum_squared_weights")[^1].ToString("G4", CultureInfo.InvariantCulture)} in total. Under weight decay a component the model stops using shrinks fastest.")
            .Figure(chart, "Sum of squared weights of each component's parameters (log scale).", "weight-norms");
    }
}
