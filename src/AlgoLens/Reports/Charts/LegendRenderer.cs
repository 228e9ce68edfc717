namespace AlgoLens.Reports.Charts;

/// <summary>
/// A legend laid out in rows above the plot: a line swatch and the series name per entry, wrapping
/// onto further rows when the names do not fit the chart's width. Above the plot it can never hide
/// data, which an inset legend over a loss curve often does.
/// </summary>
internal static class LegendRenderer
{
    private const double RowHeight = 18, Swatch = 20, SwatchGap = 6, EntryGap = 18, FontSize = 12;

    /// <summary>One legend entry; <paramref name="Box"/> draws a filled square (for bars) instead of a line.</summary>
    public readonly record struct Entry(string Name, string Color, bool Dashed, bool Box = false);

    /// <summary>Rows of entries that fit in <paramref name="width"/>.</summary>
    public static List<List<Entry>> Rows(IReadOnlyList<Entry> entries, double width)
    {
        var rows = new List<List<Entry>>();
        double used = double.PositiveInfinity;
        foreach (var entry in entries)
        {
            double needed = EntryWidth(entry);
            if (used + EntryGap + needed > width)
            {
                rows.Add([]);
                used = -EntryGap;
            }
            rows[^1].Add(entry);
            used += EntryGap + needed;
        }
        return rows;
    }

    /// <summary>Height the rows take.</summary>
    public static double Height(List<List<Entry>> rows) => rows.Count * RowHeight;

    /// <summary>Draws the rows, each centred on <paramref name="centerX"/>, from <paramref name="top"/> down.</summary>
    public static void Render(SvgWriter w, List<List<Entry>> rows, double centerX, double top)
    {
        if (rows.Count == 0)
        {
            return;
        }
        w.Start("g").Attr("class", "legend").Attr("font-size", FontSize).Attr("fill", ChartPalette.Ink).Open();
        for (int r = 0; r < rows.Count; r++)
        {
            double rowWidth = rows[r].Sum(EntryWidth) + EntryGap * (rows[r].Count - 1);
            double x = centerX - rowWidth / 2, y = top + r * RowHeight + RowHeight / 2;
            foreach (var entry in rows[r])
            {
                w.Start("g").Attr("class", "legend-entry").Attr("data-series", entry.Name).Open();
                if (entry.Box)
                {
                    w.Start("rect").Attr("x", x + Swatch / 2 - 6).Attr("y", y - 6).Attr("width", 12).Attr("height", 12)
                        .Attr("fill", entry.Color).End();
                }
                else
                {
                    w.Start("line").Attr("x1", x).Attr("y1", y).Attr("x2", x + Swatch).Attr("y2", y)
                        .Attr("stroke", entry.Color).Attr("stroke-width", 2.5);
                    if (entry.Dashed)
                    {
                        w.Attr("stroke-dasharray", "5 3");
                    }
                    w.End();
                }
                w.Start("text").Attr("x", x + Swatch + SwatchGap).Attr("y", y + 4).Text(entry.Name, "text");
                w.Close("g");
                x += EntryWidth(entry) + EntryGap;
            }
        }
        w.Close("g");
    }

    private static double EntryWidth(Entry entry) => Swatch + SwatchGap + TextMetrics.Width(entry.Name, FontSize);
}
