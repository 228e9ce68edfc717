namespace AlgoLens.Reports.Charts;

/// <summary>
/// Chooses which category labels to draw under a bar chart and whether to rotate them: horizontal
/// when every label fits its slot, otherwise rotated, and thinned to every k-th label when even
/// rotated labels would overlap. Highlighted categories are always labelled, since they are the
/// ones a reader looks for.
/// </summary>
internal static class CategoryLabelLayout
{
    public const double FontSize = 11;
    private const double LineHeight = FontSize * 1.25; // for horizontal labels: the extent below the axis

    /// <summary>Whether labels are rotated, and which category indices are labelled.</summary>
    public readonly record struct Result(bool Rotated, bool[] Shown, double Extent);

    public static Result Choose(IList<string> labels, double slotWidth, ISet<int> highlighted)
    {
        int n = labels.Count;
        double widest = labels.Select(l => TextMetrics.Width(l, FontSize)).DefaultIfEmpty(0).Max();
        var shown = new bool[n];
        if (widest + 4 <= slotWidth)
        {
            Array.Fill(shown, true);
            return new Result(false, shown, LineHeight);
        }
        // Rotated labels stack along the axis by their glyph height (about 0.75 em for digits),
        // so an em apart is comfortable; highlighted labels may sit a little closer, since a reader
        // looks for every one of them (e.g. key frequencies 41 and 42).
        int Reach(double pixels) => Math.Max(1, (int)Math.Ceiling(pixels / slotWidth - 1e-9));
        int every = Reach(FontSize), highlightedEvery = Reach(FontSize * 0.8);
        var placed = new SortedSet<int>();
        bool Free(int i, int reach) => placed.GetViewBetween(i - reach + 1, i + reach - 1).Count == 0;
        foreach (int i in highlighted.Where(i => i >= 0 && i < n).Order())
        {
            if (Free(i, highlightedEvery))
            {
                placed.Add(i);
            }
        }
        for (int i = 0; i < n; i += every)
        {
            if (Free(i, every))
            {
                placed.Add(i);
            }
        }
        foreach (int i in placed)
        {
            shown[i] = true;
        }
        double extent = placed.Select(i => TextMetrics.Width(labels[i], FontSize)).DefaultIfEmpty(0).Max();
        return new Result(true, shown, extent);
    }

    /// <summary>
    /// Starts a label's <c>&lt;text&gt;</c> for a slot centred at <paramref name="centerX"/> under an axis at
    /// <paramref name="axisY"/>; the caller adds attributes and the text. A rotated label is turned -90°
    /// with its end at the axis, so it reads upwards and hangs below the axis.
    /// </summary>
    public static SvgWriter StartLabel(SvgWriter w, double centerX, double axisY, bool rotated)
    {
        w.Start("text");
        if (rotated)
        {
            double x = centerX + FontSize * 0.35, y = axisY + AxisRenderer.TickLength + 3;
            return w.Attr("x", x).Attr("y", y).Attr("text-anchor", "end")
                .Attr("transform", $"rotate(-90 {SvgWriter.Num(x)} {SvgWriter.Num(y)})");
        }
        return w.Attr("x", centerX).Attr("y", axisY + AxisRenderer.TickLength + 12).Attr("text-anchor", "middle");
    }
}
