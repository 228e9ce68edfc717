namespace AlgoLens.Reports.Charts;

/// <summary>Draws grid lines, the axis frame, ticks, tick labels and axis titles around a plot area.</summary>
internal static class AxisRenderer
{
    public const double TickLength = 5;
    public const double TickFontSize = 11;
    public const double TitleFontSize = 12;

    /// <summary>Width the labels of a vertical axis need left of the plot.</summary>
    public static double LabelWidth(AxisLayout axis) =>
        axis.Ticks.Where(t => t.Label.Length > 0).Select(t => TextMetrics.Width(t.Label, TickFontSize)).DefaultIfEmpty(0).Max();

    /// <summary>Grid lines at the major ticks, drawn first so the data lies on top of them.</summary>
    public static void Grid(SvgWriter w, PlotArea plot, AxisLayout? x, AxisLayout y)
    {
        w.Start("g").Attr("class", "grid").Attr("stroke", ChartPalette.Grid).Attr("stroke-width", 1).Open();
        if (x is not null)
        {
            foreach (var tick in x.Ticks.Where(t => t.IsMajor && x.Contains(t.Value)))
            {
                double px = x.Map(tick.Value);
                w.Start("line").Attr("x1", px).Attr("y1", plot.Top).Attr("x2", px).Attr("y2", plot.Bottom).End();
            }
        }
        foreach (var tick in y.Ticks.Where(t => t.IsMajor && y.Contains(t.Value)))
        {
            double py = y.Map(tick.Value);
            w.Start("line").Attr("x1", plot.Left).Attr("y1", py).Attr("x2", plot.Right).Attr("y2", py).End();
        }
        w.Close("g");
    }

    /// <summary>The left and bottom axis lines with their ticks, labels and titles.</summary>
    public static void Axes(SvgWriter w, PlotArea plot, AxisLayout x, AxisLayout y, string xTitle, string yTitle)
    {
        BottomAxis(w, plot, x, xTitle);
        LeftAxis(w, plot, y, yTitle);
    }

    /// <summary>The bottom axis with its ticks, labels and title.</summary>
    public static void BottomAxis(SvgWriter w, PlotArea plot, AxisLayout x, string title)
    {
        OpenAxisGroup(w, "axis x-axis");
        w.Start("line").Attr("x1", plot.Left).Attr("y1", plot.Bottom).Attr("x2", plot.Right).Attr("y2", plot.Bottom)
            .Attr("stroke", ChartPalette.Ink).End();
        foreach (var (px, length, tick) in VisibleTicks(x))
        {
            w.Start("line").Attr("x1", px).Attr("y1", plot.Bottom).Attr("x2", px).Attr("y2", plot.Bottom + length)
                .Attr("stroke", ChartPalette.Ink).End();
            if (tick.Label.Length > 0)
            {
                w.Start("text").Attr("class", "tick-label").Attr("x", px).Attr("y", plot.Bottom + TickLength + 12)
                    .Attr("text-anchor", "middle").Text(tick.Label, "text");
            }
        }
        if (title.Length > 0)
        {
            w.Start("text").Attr("class", "axis-title").Attr("x", plot.Left + plot.Width / 2).Attr("y", plot.Bottom + TickLength + 32)
                .Attr("text-anchor", "middle").Attr("font-size", TitleFontSize).Attr("fill", ChartPalette.Ink).Text(title, "text");
        }
        w.Close("g");
    }

    /// <summary>The left axis with its ticks, labels and (rotated) title.</summary>
    public static void LeftAxis(SvgWriter w, PlotArea plot, AxisLayout y, string title)
    {
        OpenAxisGroup(w, "axis y-axis");
        w.Start("line").Attr("x1", plot.Left).Attr("y1", plot.Top).Attr("x2", plot.Left).Attr("y2", plot.Bottom)
            .Attr("stroke", ChartPalette.Ink).End();
        foreach (var (py, length, tick) in VisibleTicks(y))
        {
            w.Start("line").Attr("x1", plot.Left - length).Attr("y1", py).Attr("x2", plot.Left).Attr("y2", py)
                .Attr("stroke", ChartPalette.Ink).End();
            if (tick.Label.Length > 0)
            {
                w.Start("text").Attr("class", "tick-label").Attr("x", plot.Left - TickLength - 3).Attr("y", py + 4)
                    .Attr("text-anchor", "end").Text(tick.Label, "text");
            }
        }
        if (title.Length > 0)
        {
            double cx = plot.Left - TickLength - LabelWidth(y) - 12, cy = plot.Top + plot.Height / 2;
            w.Start("text").Attr("class", "axis-title").Attr("x", cx).Attr("y", cy)
                .Attr("transform", $"rotate(-90 {SvgWriter.Num(cx)} {SvgWriter.Num(cy)})")
                .Attr("text-anchor", "middle").Attr("font-size", TitleFontSize).Attr("fill", ChartPalette.Ink).Text(title, "text");
        }
        w.Close("g");
    }

    /// <summary>The margin left of the plot that the left axis needs.</summary>
    public static double LeftMargin(AxisLayout y, string title) =>
        12 + (title.Length > 0 ? 18 : 0) + LabelWidth(y) + TickLength + 3;

    /// <summary>The margin below the plot that the bottom axis needs.</summary>
    public static double BottomMargin(string title) => TickLength + 18 + (title.Length > 0 ? 20 : 0) + 6;

    // What both axes share: the group's styling, and which ticks show, where and how long.
    private static void OpenAxisGroup(SvgWriter w, string cssClass) =>
        w.Start("g").Attr("class", cssClass).Attr("fill", ChartPalette.MutedInk).Attr("font-size", TickFontSize).Open();

    private static IEnumerable<(double At, double Length, AxisTick Tick)> VisibleTicks(AxisLayout axis) =>
        axis.Ticks.Where(t => axis.Contains(t.Value)).Select(t => (axis.Map(t.Value), t.IsMajor ? TickLength : TickLength * 0.6, t));
}
