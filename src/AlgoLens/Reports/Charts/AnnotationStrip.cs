namespace AlgoLens.Reports.Charts;

/// <summary>
/// Places the labels of bands and markers in rows above the plot, so they never cover data. Labels
/// that would overlap go to the next row down.
/// </summary>
internal static class AnnotationStrip
{
    public const double RowHeight = 15, FontSize = 11;

    public readonly record struct Placed(string Label, double CenterX, int Row, string CssClass);

    /// <summary>Assigns each label (centred where asked, kept inside the chart) to the first row where it fits.</summary>
    public static List<Placed> Place(IEnumerable<(string Label, double CenterX, string CssClass)> labels, double chartWidth)
    {
        var rowEnds = new List<double>();
        var placed = new List<Placed>();
        foreach (var (label, wanted, cssClass) in labels.Where(l => l.Label.Length > 0).OrderBy(l => l.CenterX))
        {
            double width = TextMetrics.Width(label, FontSize);
            double center = Math.Clamp(wanted, 4 + width / 2, Math.Max(4 + width / 2, chartWidth - 4 - width / 2));
            int row = rowEnds.FindIndex(end => end + 6 <= center - width / 2);
            if (row < 0)
            {
                row = rowEnds.Count;
                rowEnds.Add(0);
            }
            rowEnds[row] = center + width / 2;
            placed.Add(new Placed(label, center, row, cssClass));
        }
        return placed;
    }

    /// <summary>Number of rows the placed labels use.</summary>
    public static int Rows(List<Placed> placed) => placed.Count == 0 ? 0 : placed.Max(p => p.Row) + 1;

    /// <summary>Draws the labels; row 0 sits just above <paramref name="plotTop"/>, later rows above it.</summary>
    public static void Render(SvgWriter w, List<Placed> placed, double plotTop)
    {
        foreach (var label in placed)
        {
            double y = plotTop - 4 - label.Row * RowHeight;
            w.Start("text").Attr("class", label.CssClass).Attr("x", label.CenterX).Attr("y", y)
                .Attr("text-anchor", "middle").Attr("font-size", FontSize).Attr("fill", ChartPalette.MutedInk)
                .Text(label.Label, "text");
        }
    }
}
