namespace AlgoLens.Reports.Charts;

/// <summary>
/// A line chart of named series on linear or log10 axes, with optional shaded bands (e.g. the
/// phases of grokking) and vertical marker lines.
/// </summary>
/// <example>
/// <code>
/// var chart = new LineChart { Title = "Loss" };
/// chart.XAxis.Title = "step";
/// chart.YAxis.Scale = AxisScale.Log10;
/// chart.Add("train", steps, trainLoss).Add("test", steps, testLoss)
///      .AddBand(0, 1400, "memorisation 0–1.4k").AddMarker(9400, "grokked");
/// string svg = chart.ToSvg();
/// </code>
/// </example>
public sealed partial class LineChart : Chart
{
    /// <summary>The horizontal axis.</summary>
    public ChartAxis XAxis { get; } = new();

    /// <summary>The vertical axis.</summary>
    public ChartAxis YAxis { get; } = new();

    /// <summary>The series, drawn in order (later on top), coloured from <see cref="ChartPalette"/> by position.</summary>
    public IList<LineSeries> Series { get; } = new List<LineSeries>();

    /// <summary>Shaded vertical bands, drawn beneath the data.</summary>
    public IList<ChartBand> Bands { get; } = new List<ChartBand>();

    /// <summary>Vertical marker lines, drawn above the data.</summary>
    public IList<ChartMarker> Markers { get; } = new List<ChartMarker>();

    /// <summary>Whether to draw the legend (above the plot).</summary>
    public bool ShowLegend { get; set; } = true;

    /// <summary>
    /// Series with more drawable points than this are thinned to about this many, keeping each
    /// bucket's extremes. A browser draws 2000 points per series crisply; more only adds bytes.
    /// </summary>
    public int MaxPointsPerSeries { get; set; } = 2000;

    /// <summary>Adds a series; returns this chart for chaining.</summary>
    public LineChart Add(string name, double[] x, double[] y, string? color = null, bool dashed = false)
    {
        Series.Add(new LineSeries(name, x, y) { Color = color, Dashed = dashed });
        return this;
    }

    /// <summary>Adds a series; returns this chart for chaining.</summary>
    public LineChart Add(LineSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        Series.Add(series);
        return this;
    }

    /// <summary>Adds a shaded band from <paramref name="start"/> to <paramref name="end"/>; returns this chart.</summary>
    public LineChart AddBand(double start, double end, string label, string? color = null)
    {
        Bands.Add(new ChartBand(start, end, label, color));
        return this;
    }

    /// <summary>Adds a vertical marker line at <paramref name="x"/>; returns this chart.</summary>
    public LineChart AddMarker(double x, string label, string? color = null)
    {
        Markers.Add(new ChartMarker(x, label, color));
        return this;
    }

    /// <summary>The colour series <paramref name="index"/> is drawn in.</summary>
    public string ColorOf(int index) => Series[index].Color ?? ChartPalette.Series(index);

    internal override string Kind => "line-chart";

    internal override void Validate()
    {
        if (MaxPointsPerSeries < 4)
        {
            throw new ArgumentException($"MaxPointsPerSeries is {MaxPointsPerSeries}; it must be at least 4 (2000 is a good default).");
        }
        foreach (var band in Bands)
        {
            if (!(double.IsFinite(band.Start) && double.IsFinite(band.End) && band.End > band.Start))
            {
                throw new ArgumentException($"Band \"{band.Label}\" runs from {band.Start} to {band.End}; a band needs finite Start < End.");
            }
        }
    }

    // Series beyond the palette's length reuse its colours; dashing them keeps them apart.
    private bool IsDashed(int index) => Series[index].Dashed || (Series[index].Color is null && index >= ChartPalette.Count && index / ChartPalette.Count % 2 == 1);
}
