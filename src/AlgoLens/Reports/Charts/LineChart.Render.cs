using System.Text;

namespace AlgoLens.Reports.Charts;

/// <summary>Layout and drawing of a <see cref="LineChart"/>.</summary>
public sealed partial class LineChart
{
    private static readonly string[] BandTints = ["#E3EEF8", "#FBE8DC", "#E2F2EC", "#F4E6EF", "#FBF1D9"];

    internal override void Render(SvgWriter w)
    {
        double top = RenderTitle(w);
        var legendRows = ShowLegend && Series.Count > 0
            ? LegendRenderer.Rows([.. Series.Select((s, i) => new LegendRenderer.Entry(s.Name, ColorOf(i), IsDashed(i)))], Width - 32)
            : [];
        LegendRenderer.Render(w, legendRows, Width / 2, top);
        top += LegendRenderer.Height(legendRows) + (legendRows.Count > 0 ? 4 : 0);

        var segments = Series.Select(s => SeriesDownsampler.Segments(s, XAxis, YAxis, MaxPointsPerSeries)).ToList();
        var (xMin, xMax, yMin, yMax) = DataRange();

        // The annotation strip's height depends on where labels land, which depends on the x axis,
        // which depends on the plot's height: settle it by laying out again until the rows agree.
        int rows = Bands.Count + Markers.Count > 0 ? 1 : 0;
        PlotArea plot;
        AxisLayout x, y;
        List<AnnotationStrip.Placed> labels;
        for (int attempt = 0; ; attempt++)
        {
            double plotTop = top + rows * AnnotationStrip.RowHeight + 6;
            double plotBottom = Height - AxisRenderer.BottomMargin(XAxis.Title);
            y = AxisLayout.Create(YAxis, yMin, yMax, plotBottom, plotTop, horizontal: false);
            double left = AxisRenderer.LeftMargin(y, YAxis.Title), right = Width - 24;
            plot = new PlotArea(left, plotTop, right - left, plotBottom - plotTop);
            if (plot.Width < 20 || plot.Height < 20)
            {
                throw new ArgumentException($"LineChart \"{Title}\" is {Width}×{Height} px, too small for its axes, legend and labels; make it larger.");
            }
            x = AxisLayout.Create(XAxis, xMin, xMax, plot.Left, plot.Right, horizontal: true);
            labels = AnnotationStrip.Place(AnnotationLabels(x), Width);
            int needed = AnnotationStrip.Rows(labels);
            if (needed <= rows || attempt == 3)
            {
                break;
            }
            rows = needed;
        }

        RenderBands(w, plot, x);
        AxisRenderer.Grid(w, plot, x, y);
        AnnotationStrip.Render(w, labels, plot.Top);
        RenderSeries(w, plot, x, y, segments);
        RenderMarkers(w, plot, x);
        AxisRenderer.Axes(w, plot, x, y, XAxis.Title, YAxis.Title);
        w.Start("rect").Attr("class", "plot-area").Attr("x", plot.Left).Attr("y", plot.Top)
            .Attr("width", plot.Width).Attr("height", plot.Height).Attr("fill", "none").End();
    }

    private (double XMin, double XMax, double YMin, double YMax) DataRange()
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var s in Series)
        {
            for (int i = 0; i < s.X.Count; i++)
            {
                double px = s.X[i], py = s.Y[i];
                // With a fixed x range, fit y to what is visible rather than to points cut off.
                if (!XAxis.Accepts(px) || !YAxis.Accepts(py) || px < (XAxis.Min ?? double.NegativeInfinity) || px > (XAxis.Max ?? double.PositiveInfinity))
                {
                    continue;
                }
                (xMin, xMax) = (Math.Min(xMin, px), Math.Max(xMax, px));
                (yMin, yMax) = (Math.Min(yMin, py), Math.Max(yMax, py));
            }
        }
        return xMin > xMax ? (double.NaN, double.NaN, double.NaN, double.NaN) : (xMin, xMax, yMin, yMax);
    }

    private IEnumerable<(string, double, string)> AnnotationLabels(AxisLayout x)
    {
        foreach (var band in Bands)
        {
            if (VisibleSpan(band, x) is var (from, to))
            {
                yield return (band.Label, (x.Map(from) + x.Map(to)) / 2, "band-label");
            }
        }
        foreach (var marker in Markers.Where(m => x.Contains(m.X)))
        {
            yield return (marker.Label, x.Map(marker.X), "marker-label");
        }
    }

    private static (double From, double To)? VisibleSpan(ChartBand band, AxisLayout x)
    {
        double from = x.Clamp(x.Scale == AxisScale.Log10 && band.Start <= 0 ? x.Min : band.Start), to = x.Clamp(band.End);
        return to > from ? (from, to) : null;
    }

    private void RenderBands(SvgWriter w, PlotArea plot, AxisLayout x)
    {
        if (Bands.Count == 0)
        {
            return;
        }
        w.Start("g").Attr("class", "bands").Open();
        for (int i = 0; i < Bands.Count; i++)
        {
            if (VisibleSpan(Bands[i], x) is not var (from, to))
            {
                continue;
            }
            double left = x.Map(from), right = x.Map(to);
            w.Start("rect").Attr("class", "band").Attr("data-label", Bands[i].Label).Attr("x", left).Attr("y", plot.Top)
                .Attr("width", right - left).Attr("height", plot.Height).Attr("fill", Bands[i].Color ?? BandTints[i % BandTints.Length]).End();
        }
        w.Close("g");
    }

    private void RenderSeries(SvgWriter w, PlotArea plot, AxisLayout x, AxisLayout y, List<List<List<(double X, double Y)>>> segments)
    {
        // A nested <svg> clips to the plot (with room for half a stroke) without a clipPath id,
        // which would clash when several charts are inlined in one page.
        const double pad = 3;
        w.Start("svg").Attr("class", "plot-clip").Attr("x", plot.Left - pad).Attr("y", plot.Top - pad)
            .Attr("width", plot.Width + 2 * pad).Attr("height", plot.Height + 2 * pad)
            .Attr("viewBox", $"{SvgWriter.Num(plot.Left - pad)} {SvgWriter.Num(plot.Top - pad)} {SvgWriter.Num(plot.Width + 2 * pad)} {SvgWriter.Num(plot.Height + 2 * pad)}")
            .Attr("overflow", "hidden").Open();
        for (int i = 0; i < Series.Count; i++)
        {
            var d = new StringBuilder();
            foreach (var segment in segments[i])
            {
                d.Append('M').Append(Coord(x.Map(segment[0].X))).Append(' ').Append(Coord(y.Map(segment[0].Y)));
                if (segment.Count == 1)
                {
                    d.Append("h0"); // with round caps, a lone point between gaps still shows as a dot
                    continue;
                }
                d.Append('L');
                for (int k = 1; k < segment.Count; k++)
                {
                    d.Append(k > 1 ? " " : "").Append(Coord(x.Map(segment[k].X))).Append(' ').Append(Coord(y.Map(segment[k].Y)));
                }
            }
            w.Start("path").Attr("class", "series").Attr("data-series", Series[i].Name).Attr("d", d.ToString())
                .Attr("fill", "none").Attr("stroke", ColorOf(i)).Attr("stroke-width", Series[i].StrokeWidth)
                .Attr("stroke-linejoin", "round").Attr("stroke-linecap", "round");
            if (IsDashed(i))
            {
                w.Attr("stroke-dasharray", "6 4");
            }
            w.End();
        }
        w.Close("svg");
    }

    private void RenderMarkers(SvgWriter w, PlotArea plot, AxisLayout x)
    {
        foreach (var marker in Markers.Where(m => x.Contains(m.X)))
        {
            double px = x.Map(marker.X);
            w.Start("line").Attr("class", "marker").Attr("data-label", marker.Label).Attr("x1", px).Attr("y1", plot.Top)
                .Attr("x2", px).Attr("y2", plot.Bottom).Attr("stroke", marker.Color ?? "#444444")
                .Attr("stroke-width", 1.25).Attr("stroke-dasharray", "4 3").End();
        }
    }

    // Paths carry most of a line chart's bytes; a tenth of a pixel is below what anyone can see.
    private static string Coord(double value)
    {
        double rounded = Math.Round(value, 1);
        return rounded == 0 ? "0" : rounded.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
    }
}
