using System.Globalization;

namespace AlgoLens.Reports.Charts;

/// <summary>Layout and drawing of a <see cref="BarChart"/>.</summary>
public sealed partial class BarChart
{
    internal override void Render(SvgWriter w)
    {
        double top = RenderTitle(w);
        var legendRows = HighlightName.Length > 0 && Highlighted.Count > 0
            ? LegendRenderer.Rows([new LegendRenderer.Entry(HighlightName, HighlightColor, Dashed: false, Box: true)], Width - 32)
            : [];
        LegendRenderer.Render(w, legendRows, Width / 2, top);
        top += LegendRenderer.Height(legendRows) + 6;

        var (min, max) = ValueRange();
        int n = Categories.Count;
        // Labels decide the bottom margin, and the slot width they are chosen for depends on the left
        // margin; a first pass with a guess is close enough since the y labels' width barely moves.
        double left = 60, right = Width - 16;
        var labels = CategoryLabelLayout.Choose(Categories, (right - left) / Math.Max(1, n), Highlighted);
        double bottom = Height - (AxisRenderer.TickLength + 6 + labels.Extent + (CategoryAxisTitle.Length > 0 ? 22 : 0) + 4);
        var y = AxisLayout.Create(ValueAxis, min, max, bottom, top, horizontal: false);
        left = AxisRenderer.LeftMargin(y, ValueAxis.Title);
        var plot = new PlotArea(left, top, right - left, bottom - top);
        if (plot.Width < 20 || plot.Height < 20)
        {
            throw new ArgumentException($"BarChart \"{Title}\" is {Width}×{Height} px, too small for its axes and labels; make it larger.");
        }
        double slot = plot.Width / Math.Max(1, n);
        labels = CategoryLabelLayout.Choose(Categories, slot, Highlighted);

        AxisRenderer.Grid(w, plot, null, y);
        RenderBars(w, plot, y, slot);
        RenderCategoryLabels(w, plot, slot, labels);
        AxisRenderer.LeftAxis(w, plot, y, ValueAxis.Title);
        w.Start("line").Attr("x1", plot.Left).Attr("y1", plot.Bottom).Attr("x2", plot.Right).Attr("y2", plot.Bottom)
            .Attr("stroke", ChartPalette.Ink).End();
        w.Start("rect").Attr("class", "plot-area").Attr("x", plot.Left).Attr("y", plot.Top)
            .Attr("width", plot.Width).Attr("height", plot.Height).Attr("fill", "none").End();
    }

    private (double Min, double Max) ValueRange()
    {
        var drawable = Values.Where(ValueAxis.Accepts).ToList();
        if (drawable.Count == 0)
        {
            return (double.NaN, double.NaN);
        }
        double min = drawable.Min(), max = drawable.Max();
        // Bars grow from zero, so zero must be on a linear axis for their lengths to mean anything.
        if (ValueAxis.Scale == AxisScale.Linear)
        {
            return (Math.Min(0, min), Math.Max(0, max));
        }
        // On a log axis bars grow from the bottom decade: a smallest value exactly on a decade would
        // get no bar at all, so give it one more decade below.
        double exponent = Math.Log10(min);
        return (Math.Abs(exponent - Math.Round(exponent)) < 1e-9 ? min / 10 : min, max);
    }

    private void RenderBars(SvgWriter w, PlotArea plot, AxisLayout y, double slot)
    {
        double gap = slot >= 4 ? slot * 0.2 : 0;
        double baseValue = y.Scale == AxisScale.Log10 ? y.Min : y.Clamp(0);
        double basePx = y.Map(baseValue);
        w.Start("g").Attr("class", "bars").Open();
        for (int i = 0; i < Categories.Count; i++)
        {
            double value = Values[i];
            if (!ValueAxis.Accepts(value))
            {
                continue;
            }
            double tip = y.Map(y.Clamp(value));
            bool highlighted = Highlighted.Contains(i);
            w.Start("rect").Attr("class", highlighted ? "bar highlight" : "bar").Attr("data-category", Categories[i])
                .Attr("x", plot.Left + i * slot + gap / 2).Attr("y", Math.Min(tip, basePx))
                .Attr("width", slot - gap).Attr("height", Math.Abs(basePx - tip))
                .Attr("fill", highlighted ? HighlightColor : BarColor).Open();
            w.Start("title").Text($"{Categories[i]}: {value.ToString("G4", CultureInfo.InvariantCulture)}", "title");
            w.Close("rect");
        }
        if (y.Scale == AxisScale.Linear && y.Min < 0)
        {
            // With negative bars the zero line, not the frame, is where bars start: draw it.
            w.Start("line").Attr("class", "baseline").Attr("x1", plot.Left).Attr("y1", basePx).Attr("x2", plot.Right)
                .Attr("y2", basePx).Attr("stroke", ChartPalette.Ink).End();
        }
        w.Close("g");
    }

    private void RenderCategoryLabels(SvgWriter w, PlotArea plot, double slot, CategoryLabelLayout.Result labels)
    {
        w.Start("g").Attr("class", "axis category-axis").Attr("fill", ChartPalette.MutedInk)
            .Attr("font-size", CategoryLabelLayout.FontSize).Open();
        for (int i = 0; i < Categories.Count; i++)
        {
            if (!labels.Shown[i])
            {
                continue;
            }
            double cx = plot.Left + (i + 0.5) * slot;
            w.Start("line").Attr("x1", cx).Attr("y1", plot.Bottom).Attr("x2", cx).Attr("y2", plot.Bottom + 3)
                .Attr("stroke", ChartPalette.Ink).End();
            CategoryLabelLayout.StartLabel(w, cx, plot.Bottom, labels.Rotated)
                .Attr("class", Highlighted.Contains(i) ? "tick-label highlight" : "tick-label");
            if (Highlighted.Contains(i))
            {
                w.Attr("fill", HighlightColor).Attr("font-weight", "600");
            }
            w.Text(Categories[i], "text");
        }
        if (CategoryAxisTitle.Length > 0)
        {
            w.Start("text").Attr("class", "axis-title").Attr("x", plot.Left + plot.Width / 2).Attr("y", Height - 8)
                .Attr("text-anchor", "middle").Attr("font-size", AxisRenderer.TitleFontSize).Attr("fill", ChartPalette.Ink)
                .Text(CategoryAxisTitle, "text");
        }
        w.Close("g");
    }
}
