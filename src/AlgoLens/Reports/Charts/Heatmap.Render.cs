namespace AlgoLens.Reports.Charts;

/// <summary>Layout and drawing of a <see cref="Heatmap"/>.</summary>
public sealed partial class Heatmap
{
    private const double BarGap = 14, BarWidth = 14, LabelFont = 11;

    internal override void Render(SvgWriter w)
    {
        double top = RenderTitle(w) + 4;
        var (min, max) = ColorRange();
        var colormap = ResolvedColormap();
        var barTicks = LinearTicks.Ticks(min, max, 6);
        double barBlock = BarGap + BarWidth + AxisRenderer.TickLength + 3
            + barTicks.Max(t => TextMetrics.Width(t.Label, LabelFont)) + (ColorBarTitle.Length > 0 ? 22 : 0) + 6;

        double rowLabelWidth = RowLabels is null ? 0 : RowLabels.Max(l => TextMetrics.Width(l, LabelFont)) + AxisRenderer.TickLength + 3;
        double left = 8 + (YTitle.Length > 0 ? 20 : 0) + rowLabelWidth;
        double availableWidth = Width - left - barBlock;
        var noHighlights = new HashSet<int>();
        // Column labels set the bottom margin but depend on the cell width; a first guess from the
        // full width is enough, since rotated labels' extent depends only on their text.
        var columnLabels = ColumnLabels is null ? default : CategoryLabelLayout.Choose([.. ColumnLabels], availableWidth / Columns, noHighlights);
        double bottom = 6 + (XTitle.Length > 0 ? 22 : 0) + (ColumnLabels is null ? 0 : AxisRenderer.TickLength + 6 + columnLabels.Extent);
        double availableHeight = Height - top - bottom;
        if (availableWidth < 10 || availableHeight < 10)
        {
            throw new ArgumentException($"Heatmap \"{Title}\" is {Width}×{Height} px, too small for its labels and colour bar; make it larger.");
        }
        double cellWidth = availableWidth / Columns, cellHeight = availableHeight / Rows;
        if (SquareCells)
        {
            cellWidth = cellHeight = Math.Min(cellWidth, cellHeight);
        }
        // Whole-pixel cells stay crisp at 100 % zoom, but rounding 2.6 px down to 2 would waste a
        // quarter of the chart: round only when it costs little.
        cellWidth = WholePixelsIfCheap(cellWidth);
        cellHeight = WholePixelsIfCheap(cellHeight);
        // The block (labels, grid, colour bar) is centred in the room left over by square cells.
        double gridWidth = cellWidth * Columns, gridHeight = cellHeight * Rows;
        var grid = new PlotArea(Math.Round(left + (availableWidth - gridWidth) / 2), Math.Round(top + (availableHeight - gridHeight) / 2), gridWidth, gridHeight);
        if (ColumnLabels is not null)
        {
            columnLabels = CategoryLabelLayout.Choose([.. ColumnLabels], cellWidth, noHighlights);
        }

        w.Start("rect").Attr("class", "missing").Attr("x", grid.Left).Attr("y", grid.Top).Attr("width", grid.Width)
            .Attr("height", grid.Height).Attr("fill", ChartPalette.Missing).End();
        bool image = Rendering == HeatmapRendering.Image || (Rendering == HeatmapRendering.Auto && (long)Rows * Columns > AutoRectangleLimit);
        if (image)
        {
            RenderImage(w, grid, min, max, colormap);
        }
        else
        {
            RenderRectangles(w, grid, cellWidth, cellHeight, min, max, colormap);
        }
        w.Start("rect").Attr("class", "plot-area").Attr("x", grid.Left).Attr("y", grid.Top).Attr("width", grid.Width)
            .Attr("height", grid.Height).Attr("fill", "none").Attr("stroke", ChartPalette.Ink).Attr("stroke-width", 0.75).End();
        RenderRowLabels(w, grid, cellHeight);
        RenderColumnLabels(w, grid, cellWidth, columnLabels);
        RenderAxisTitles(w, grid, rowLabelWidth, columnLabels);
        var bar = new PlotArea(grid.Right + BarGap, grid.Top, BarWidth, grid.Height);
        ColorBarRenderer.Render(w, bar, min, max, barTicks, colormap, ColorBarTitle);
    }

    private static double WholePixelsIfCheap(double cell) =>
        cell >= 2 && Math.Floor(cell) / cell >= 0.9 ? Math.Floor(cell) : cell;

    private static Rgb Color(double value, double min, double max, Colormap colormap) =>
        colormap.Map((value - min) / (max - min));

    private void RenderImage(SvgWriter w, PlotArea grid, double min, double max, Colormap colormap)
    {
        var rgb = new byte[Rows * Columns * 3];
        var missing = Rgb.Parse(ChartPalette.Missing);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double v = Values[r, c];
                var color = double.IsNaN(v) ? missing : Color(v, min, max, colormap);
                int at = (r * Columns + c) * 3;
                (rgb[at], rgb[at + 1], rgb[at + 2]) = (color.R, color.G, color.B);
            }
        }
        string uri = PngEncoder.ToDataUri(PngEncoder.EncodeRgb(rgb, Columns, Rows));
        w.Start("image").Attr("class", "cells").Attr("x", grid.Left).Attr("y", grid.Top).Attr("width", grid.Width)
            .Attr("height", grid.Height).Attr("preserveAspectRatio", "none")
            .Attr("style", "image-rendering:pixelated;image-rendering:crisp-edges")
            .Attr("href", uri).End();
    }

    private void RenderRectangles(SvgWriter w, PlotArea grid, double cellWidth, double cellHeight, double min, double max, Colormap colormap)
    {
        // Cell coordinates are integers under one scale transform, so each <rect> stays short.
        w.Start("g").Attr("class", "cells").Attr("shape-rendering", "crispEdges")
            .Attr("transform", $"translate({SvgWriter.Num(grid.Left)} {SvgWriter.Num(grid.Top)}) scale({SvgWriter.Num(cellWidth)} {SvgWriter.Num(cellHeight)})")
            .Open();
        for (int r = 0; r < Rows; r++)
        {
            int c = 0;
            while (c < Columns)
            {
                if (double.IsNaN(Values[r, c]))
                {
                    c++;
                    continue;
                }
                string fill = Color(Values[r, c], min, max, colormap).ToHex();
                int run = 1;
                while (CellTitles is null && c + run < Columns && !double.IsNaN(Values[r, c + run]) && Color(Values[r, c + run], min, max, colormap).ToHex() == fill)
                {
                    run++;
                }
                w.Start("rect").Attr("x", c).Attr("y", r).Attr("width", run).Attr("height", 1).Attr("fill", fill);
                if (CellTitles is null)
                {
                    w.End();
                }
                else
                {
                    w.Open();
                    w.Start("title").Text(CellTitles[r, c], "title");
                    w.Close("rect");
                }
                c += run;
            }
        }
        w.Close("g");
    }

    private void RenderRowLabels(SvgWriter w, PlotArea grid, double cellHeight)
    {
        if (RowLabels is null)
        {
            return;
        }
        w.Start("g").Attr("class", "axis row-axis").Attr("fill", ChartPalette.MutedInk).Attr("font-size", LabelFont).Open();
        int every = Math.Max(1, (int)Math.Ceiling(LabelFont * 1.25 / cellHeight));
        for (int r = 0; r < Rows; r += every)
        {
            double y = grid.Top + (r + 0.5) * cellHeight;
            w.Start("text").Attr("class", "tick-label").Attr("x", grid.Left - AxisRenderer.TickLength).Attr("y", y + 4)
                .Attr("text-anchor", "end").Text(RowLabels[r], "text");
        }
        w.Close("g");
    }

    private void RenderColumnLabels(SvgWriter w, PlotArea grid, double cellWidth, CategoryLabelLayout.Result labels)
    {
        if (ColumnLabels is null)
        {
            return;
        }
        w.Start("g").Attr("class", "axis column-axis").Attr("fill", ChartPalette.MutedInk).Attr("font-size", LabelFont).Open();
        for (int c = 0; c < Columns; c++)
        {
            if (labels.Shown[c])
            {
                CategoryLabelLayout.StartLabel(w, grid.Left + (c + 0.5) * cellWidth, grid.Bottom, labels.Rotated)
                    .Attr("class", "tick-label").Text(ColumnLabels[c], "text");
            }
        }
        w.Close("g");
    }

    private void RenderAxisTitles(SvgWriter w, PlotArea grid, double rowLabelWidth, CategoryLabelLayout.Result columnLabels)
    {
        if (XTitle.Length > 0)
        {
            double labels = ColumnLabels is null ? 0 : AxisRenderer.TickLength + 6 + columnLabels.Extent;
            w.Start("text").Attr("class", "axis-title").Attr("x", grid.Left + grid.Width / 2).Attr("y", grid.Bottom + labels + 16)
                .Attr("text-anchor", "middle").Attr("font-size", AxisRenderer.TitleFontSize).Attr("fill", ChartPalette.Ink)
                .Text(XTitle, "text");
        }
        if (YTitle.Length > 0)
        {
            double cx = grid.Left - rowLabelWidth - 8, cy = grid.Top + grid.Height / 2;
            w.Start("text").Attr("class", "axis-title").Attr("x", cx).Attr("y", cy)
                .Attr("transform", $"rotate(-90 {SvgWriter.Num(cx)} {SvgWriter.Num(cy)})").Attr("text-anchor", "middle")
                .Attr("font-size", AxisRenderer.TitleFontSize).Attr("fill", ChartPalette.Ink).Text(YTitle, "text");
        }
    }
}
