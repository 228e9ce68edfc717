namespace AlgoLens.Reports.Charts;

/// <summary>Settings of one axis of a chart.</summary>
public sealed class ChartAxis
{
    /// <summary>Axis title, e.g. "step" or "test loss". Empty for none.</summary>
    public string Title { get; set; } = "";

    /// <summary>Linear or logarithmic.</summary>
    public AxisScale Scale { get; set; } = AxisScale.Linear;

    /// <summary>
    /// Lower end of the axis; null to fit the data (rounded out to a tick on a linear axis, to a
    /// decade on a log axis).
    /// </summary>
    public double? Min { get; set; }

    /// <summary>Upper end of the axis; null to fit the data.</summary>
    public double? Max { get; set; }

    /// <summary>Whether a value can be drawn on this axis (finite, and positive on a log axis).</summary>
    public bool Accepts(double value) =>
        double.IsFinite(value) && (Scale == AxisScale.Linear || value > 0);
}
