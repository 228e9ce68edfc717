namespace AlgoLens.Reports.Charts;

/// <summary>
/// "Nice" ticks for a linear axis: steps of 1, 2 or 5 times a power of ten, so labels read as round
/// numbers (0, 0.25 is avoided in favour of 0, 0.2, 0.4 ...).
/// </summary>
internal static class LinearTicks
{
    /// <summary>The smallest 1-2-5 step that splits <paramref name="span"/> into at most <paramref name="maxTicks"/> intervals.</summary>
    public static double NiceStep(double span, int maxTicks)
    {
        double raw = span / Math.Max(1, maxTicks);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double factor in (ReadOnlySpan<double>)[1, 2, 5, 10])
        {
            if (factor * magnitude >= raw * (1 - 1e-9))
            {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /// <summary>
    /// The axis range for data in [<paramref name="min"/>, <paramref name="max"/>], rounded out to
    /// multiples of the step unless the caller fixed an end.
    /// </summary>
    public static (double Min, double Max) Range(double min, double max, double? fixedMin, double? fixedMax, int maxTicks)
    {
        double low = fixedMin ?? min, high = fixedMax ?? max;
        if (!(high > low))
        {
            // A flat series still needs an axis; widen around the value rather than divide by zero.
            double pad = low == 0 ? 1 : Math.Abs(low) * 0.1;
            if (fixedMin is null)
            {
                low -= pad;
            }
            if (fixedMax is null || !(high > low))
            {
                high = low + 2 * pad;
            }
        }
        double step = NiceStep(high - low, maxTicks);
        if (fixedMin is null)
        {
            low = Math.Floor(low / step + 1e-9) * step;
        }
        if (fixedMax is null)
        {
            high = Math.Ceiling(high / step - 1e-9) * step;
        }
        return (low, high);
    }

    /// <summary>Ticks at multiples of a 1-2-5 step inside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static List<AxisTick> Ticks(double min, double max, int maxTicks)
    {
        double step = NiceStep(max - min, maxTicks);
        var ticks = new List<AxisTick>();
        long first = (long)Math.Ceiling(min / step - 1e-9), last = (long)Math.Floor(max / step + 1e-9);
        for (long k = first; k <= last; k++)
        {
            // k·step, not a running sum, so 0.1 + 0.1 + 0.1 never prints as 0.30000000000000004.
            double value = k * step;
            ticks.Add(new AxisTick(value, ChartNumber.Tick(value, step), IsMajor: true));
        }
        return ticks;
    }
}
