using System.Globalization;

namespace AlgoLens.Reports.Charts;

/// <summary>
/// A vertical colour bar: the colormap from the range's minimum (bottom) to its maximum (top) as a
/// stack of thin rectangles (no gradient id, so nothing clashes between charts on one page), with
/// ticks and an optional title.
/// </summary>
internal static class ColorBarRenderer
{
    /// <summary>Steps in the bar: at 2-3 px each on a typical chart, finer than the eye separates.</summary>
    public const int Steps = 128;

    public static void Render(SvgWriter w, PlotArea bar, double min, double max, IReadOnlyList<AxisTick> ticks, Colormap colormap, string title)
    {
        w.Start("g").Attr("class", "colorbar").Attr("data-min", min.ToString("R", CultureInfo.InvariantCulture)).Attr("data-max", max.ToString("R", CultureInfo.InvariantCulture)).Open();
        double step = bar.Height / Steps;
        w.Start("g").Attr("class", "colorbar-steps").Attr("shape-rendering", "crispEdges").Open();
        for (int k = 0; k < Steps; k++)
        {
            // Step 0 is exactly the colour of the minimum and the top step exactly that of the maximum.
            double y = bar.Bottom - (k + 1) * step;
            w.Start("rect").Attr("x", bar.Left).Attr("y", y).Attr("width", bar.Width)
                .Attr("height", step + (k > 0 ? 0.5 : 0)) // reaching into the step below hides hairline seams
                .Attr("fill", colormap.Map(k / (double)(Steps - 1)).ToHex()).End();
        }
        w.Close("g");
        w.Start("rect").Attr("x", bar.Left).Attr("y", bar.Top).Attr("width", bar.Width).Attr("height", bar.Height)
            .Attr("fill", "none").Attr("stroke", ChartPalette.Ink).Attr("stroke-width", 0.75).End();
        var axis = new AxisLayoutLite(min, max, bar.Bottom, bar.Top);
        double labelRight = 0;
        w.Start("g").Attr("class", "axis colorbar-axis").Attr("fill", ChartPalette.MutedInk).Attr("font-size", 11).Open();
        foreach (var tick in ticks)
        {
            double y = axis.Map(tick.Value);
            w.Start("line").Attr("x1", bar.Right).Attr("y1", y).Attr("x2", bar.Right + AxisRenderer.TickLength).Attr("y2", y)
                .Attr("stroke", ChartPalette.Ink).End();
            w.Start("text").Attr("class", "tick-label").Attr("x", bar.Right + AxisRenderer.TickLength + 3).Attr("y", y + 4)
                .Text(tick.Label, "text");
            labelRight = Math.Max(labelRight, TextMetrics.Width(tick.Label, 11));
        }
        if (title.Length > 0)
        {
            double cx = bar.Right + AxisRenderer.TickLength + 3 + labelRight + 14, cy = bar.Top + bar.Height / 2;
            w.Start("text").Attr("class", "axis-title").Attr("x", cx).Attr("y", cy)
                .Attr("transform", $"rotate(-90 {SvgWriter.Num(cx)} {SvgWriter.Num(cy)})").Attr("text-anchor", "middle")
                .Attr("font-size", AxisRenderer.TitleFontSize).Attr("fill", ChartPalette.Ink).Text(title, "text");
        }
        w.Close("g");
        w.Close("g");
    }

    private readonly record struct AxisLayoutLite(double Min, double Max, double PixelAtMin, double PixelAtMax)
    {
        public double Map(double value) => PixelAtMin + (value - Min) / (Max - Min) * (PixelAtMax - PixelAtMin);
    }
}
