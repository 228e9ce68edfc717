namespace AlgoLens.Reports.Charts;

/// <summary>
/// Ticks for a log10 axis: a major tick at each decade (labelled 10ⁿ), minor ticks at 2..9 times
/// each decade when there is room, and fewer labels when the axis spans many decades.
/// </summary>
internal static class LogTicks
{
    /// <summary>The axis range for positive data in [<paramref name="min"/>, <paramref name="max"/>], rounded out to whole decades.</summary>
    public static (double Min, double Max) Range(double min, double max, double? fixedMin, double? fixedMax)
    {
        // Decades are clamped to what a double can hold as a normal number, so 10^k never rounds to 0 or ∞.
        double low = fixedMin is > 0 ? fixedMin.Value : Math.Pow(10, Math.Max(-307, Math.Floor(Math.Log10(min) + 1e-9)));
        double high = fixedMax is > 0 ? fixedMax.Value : Math.Pow(10, Math.Min(308, Math.Ceiling(Math.Log10(max) - 1e-9)));
        if (!(high > low))
        {
            high = low * 10;
        }
        return (low, high);
    }

    /// <summary>Ticks inside [<paramref name="min"/>, <paramref name="max"/>] for an axis <paramref name="lengthPx"/> long.</summary>
    public static List<AxisTick> Ticks(double min, double max, double lengthPx, double minLabelGapPx)
    {
        int firstDecade = (int)Math.Ceiling(Math.Log10(min) - 1e-9);
        int lastDecade = (int)Math.Floor(Math.Log10(max) + 1e-9);
        double decades = Math.Log10(max) - Math.Log10(min);
        double pxPerDecade = lengthPx / decades;
        int labelEvery = Math.Max(1, (int)Math.Ceiling(minLabelGapPx / pxPerDecade));
        bool minorTicks = pxPerDecade >= 24;
        bool labelMinors = lastDecade - firstDecade < 1; // fewer than two decades in view: label 2× and 5× too

        var ticks = new List<AxisTick>();
        for (int decade = firstDecade - 1; decade <= lastDecade; decade++)
        {
            double power = Math.Pow(10, decade);
            if (decade >= firstDecade)
            {
                bool labelled = ((decade % labelEvery) + labelEvery) % labelEvery == 0;
                ticks.Add(new AxisTick(power, labelled ? ChartNumber.PowerOfTen(decade) : "", IsMajor: true));
            }
            if (!minorTicks)
            {
                continue;
            }
            for (int m = 2; m <= 9; m++)
            {
                double value = m * power;
                if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9))
                {
                    string label = labelMinors && m is 2 or 5 ? ChartNumber.Compact(value) : "";
                    ticks.Add(new AxisTick(value, label, IsMajor: false));
                }
            }
        }
        return ticks;
    }
}
