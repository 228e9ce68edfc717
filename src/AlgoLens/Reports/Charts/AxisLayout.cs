namespace AlgoLens.Reports.Charts;

/// <summary>
/// An axis resolved against data and pixels: its range, its ticks, and the map from a value to a
/// pixel coordinate.
/// </summary>
internal sealed class AxisLayout
{
    private readonly double from, to;

    private AxisLayout(AxisScale scale, double min, double max, double pixelAtMin, double pixelAtMax, List<AxisTick> ticks)
    {
        Scale = scale;
        Min = min;
        Max = max;
        PixelAtMin = pixelAtMin;
        PixelAtMax = pixelAtMax;
        Ticks = ticks;
        from = Transform(min);
        to = Transform(max);
    }

    public AxisScale Scale { get; }

    public double Min { get; }

    public double Max { get; }

    public double PixelAtMin { get; }

    public double PixelAtMax { get; }

    public IReadOnlyList<AxisTick> Ticks { get; }

    /// <summary>
    /// Resolves <paramref name="axis"/> for data spanning [<paramref name="dataMin"/>, <paramref name="dataMax"/>]
    /// (NaN when there is none) drawn from pixel <paramref name="pixelAtMin"/> to <paramref name="pixelAtMax"/>.
    /// </summary>
    public static AxisLayout Create(ChartAxis axis, double dataMin, double dataMax, double pixelAtMin, double pixelAtMax, bool horizontal)
    {
        double length = Math.Abs(pixelAtMax - pixelAtMin);
        if (axis.Min is double fixedMin && axis.Max is double fixedMax && !(fixedMax > fixedMin))
        {
            throw new ArgumentException($"Axis \"{axis.Title}\" has Min {fixedMin} ≥ Max {fixedMax}; set Min below Max or leave one unset.");
        }
        if (axis.Scale == AxisScale.Log10)
        {
            if (axis.Min is <= 0 || axis.Max is <= 0)
            {
                throw new ArgumentException($"Log axis \"{axis.Title}\" has a bound ≤ 0; a log10 axis needs positive Min and Max.");
            }
            if (double.IsNaN(dataMin))
            {
                (dataMin, dataMax) = (axis.Min ?? 1, axis.Max ?? 10);
            }
            var (low, high) = LogTicks.Range(dataMin, dataMax, axis.Min, axis.Max);
            var ticks = LogTicks.Ticks(low, high, length, horizontal ? 44 : 18);
            return new AxisLayout(AxisScale.Log10, low, high, pixelAtMin, pixelAtMax, ticks);
        }
        if (double.IsNaN(dataMin))
        {
            (dataMin, dataMax) = (axis.Min ?? 0, axis.Max ?? 1);
        }
        int maxTicks = Math.Clamp((int)(length / (horizontal ? 90 : 45)), 2, 10);
        var (min, max) = LinearTicks.Range(dataMin, dataMax, axis.Min, axis.Max, maxTicks);
        return new AxisLayout(AxisScale.Linear, min, max, pixelAtMin, pixelAtMax, LinearTicks.Ticks(min, max, maxTicks));
    }

    /// <summary>The pixel coordinate of <paramref name="value"/> (outside the pixel range when the value is outside the axis).</summary>
    public double Map(double value) =>
        PixelAtMin + (Transform(value) - from) / (to - from) * (PixelAtMax - PixelAtMin);

    /// <summary>Whether <paramref name="value"/> lies within the axis range (with a little tolerance for rounding).</summary>
    public bool Contains(double value)
    {
        double slack = (Max - Min) * 1e-9;
        return value >= Min - slack && value <= Max + slack;
    }

    /// <summary><paramref name="value"/> clamped into the axis range.</summary>
    public double Clamp(double value) => Math.Clamp(value, Min, Max);

    private double Transform(double value) => Scale == AxisScale.Log10 ? Math.Log10(value) : value;
}
