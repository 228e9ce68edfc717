using AlgoLens.Reports.Charts;
using static AlgoLens.Tests.Reports.SvgTest;

namespace AlgoLens.Tests.Reports;

public class HeatmapTests
{
    /// <summary>The fill of the cell at (row, column) of a heatmap drawn with rectangles.</summary>
    private static string CellFill(System.Xml.Linq.XElement root, int row, int column) =>
        (string)WithClass(root, "cells").Single().Elements(Ns + "rect")
            .Single(r => Num(r, "y") == row && Num(r, "x") <= column && column < Num(r, "x") + Num(r, "width"))
            .Attribute("fill")!;

    private static List<System.Xml.Linq.XElement> ColorBarSteps(System.Xml.Linq.XElement root) =>
        [.. WithClass(root, "colorbar-steps").Single().Elements(Ns + "rect").OrderBy(r => Num(r, "y"))];

    [Fact]
    public void DivergingScaleHasMaxAtTheTopOfTheBarAndZeroWhite()
    {
        double[,] values = { { -1, 0, 0.5 }, { 2, 0, -2.5 }, { 1, 0.25, 3 } };
        var map = new Heatmap(values) { Title = "signed" };
        var root = Parse(map.ToSvg());
        Assert.Equal(HeatmapScale.Diverging, map.ResolvedScale());
        Assert.Equal((-3.0, 3.0), map.ColorRange());

        var steps = ColorBarSteps(root);
        Assert.Equal(ColorBarRenderer.Steps, steps.Count);
        Assert.Equal((string?)steps[0].Attribute("fill"), CellFill(root, 2, 2));   // max cell = top of the bar
        Assert.Equal("#ffffff", CellFill(root, 0, 1));                             // zero is white
        Assert.Equal("#ffffff", map.ColorOf(0).ToHex());
        Assert.Equal((string?)steps[^1].Attribute("fill"), Colormap.Diverging.Map(0).ToHex()); // bottom = -3
        Assert.NotEqual(CellFill(root, 0, 0), CellFill(root, 1, 0)); // -1 and 2 differ in hue
    }

    [Fact]
    public void SequentialScaleRunsFromZeroToTheMaximum()
    {
        double[,] values = { { 0, 0.5 }, { 0.25, 1 } };
        var map = new Heatmap(values);
        var root = Parse(map.ToSvg());
        Assert.Equal(HeatmapScale.Sequential, map.ResolvedScale());
        Assert.Equal("#fde725", CellFill(root, 1, 1));
        Assert.Equal("#440154", CellFill(root, 0, 0));
        Assert.Equal("#fde725", (string?)ColorBarSteps(root)[0].Attribute("fill"));
    }

    [Fact]
    public void EqualNeighboursShareOneRectangleAndNaNCellsAreLeftGrey()
    {
        double[,] values = { { 1, 1, 1, 1 }, { 1, double.NaN, 0, 0 } };
        var root = Parse(new Heatmap(values) { Rendering = HeatmapRendering.Rectangles }.ToSvg());
        var rects = WithClass(root, "cells").Single().Elements(Ns + "rect").ToList();
        Assert.Equal(3, rects.Count); // row 0 in one run; row 1: one cell, a gap, one run of two
        Assert.Equal("4", (string?)rects[0].Attribute("width"));
        Assert.Equal(ChartPalette.Missing, (string?)WithClass(root, "missing").Single().Attribute("fill"));
    }

    [Fact]
    public void LargeGridIsOnePngWhosePixelsMatchTheColourBar()
    {
        int p = 113;
        var values = new double[p, p];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                values[a, b] = Math.Cos(2 * Math.PI * 14 * (a + b) / p);
            }
        }
        values[40, 70] = 2; // the maximum
        values[3, 5] = 0;
        var labels = Enumerable.Range(0, p).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var map = new Heatmap(values) { Title = "Fourier", RowLabels = labels, ColumnLabels = labels };
        string svg = map.ToSvg();
        Assert.InRange(svg.Length, 1, 120_000); // 20 of these stay well under a few MB
        var root = Parse(svg);
        Assert.DoesNotContain(root.Descendants(Ns + "rect"), r => HasClass(r, "cells"));

        string href = (string)root.Descendants(Ns + "image").Single().Attribute("href")!;
        var image = PngTestDecoder.Decode(Convert.FromBase64String(href["data:image/png;base64,".Length..]));
        Assert.Equal((p, p), (image.Width, image.Height));
        string Pixel(int row, int column)
        {
            int at = (row * p + column) * 3;
            return new Rgb(image.Rgb[at], image.Rgb[at + 1], image.Rgb[at + 2]).ToHex();
        }
        Assert.Equal((string?)ColorBarSteps(root)[0].Attribute("fill"), Pixel(40, 70));
        Assert.Equal("#ffffff", Pixel(3, 5));

        // 113 labels cannot all fit beside 113 rows of a few pixels each: they are thinned.
        int rowLabels = WithClass(root, "row-axis").Single().Elements(Ns + "text").Count();
        Assert.InRange(rowLabels, 5, p / 2);
    }

    [Fact]
    public void CellTitlesGiveEveryCellItsOwnRectangleWithItsTitle()
    {
        var map = new Heatmap(new double[,] { { 1, 1 }, { double.NaN, 2 } }) { CellTitles = new[,] { { "a", "b" }, { "none", "d" } } };
        var cells = WithClass(Parse(map.ToSvg()), "cells").Single().Elements(Ns + "rect").ToList();
        // Equal neighbours are not merged, the NaN cell draws nothing, each rect holds its own title.
        Assert.Equal(["a", "b", "d"], cells.Select(r => r.Element(Ns + "title")!.Value));
        Assert.Equal([1.0, 1.0, 1.0], cells.Select(r => Num(r, "width")));
        Assert.Contains("one per cell", Assert.Throws<ArgumentException>(() => new Heatmap(new double[2, 2]) { CellTitles = new string[2, 3] }.ToSvg()).Message);
    }

    [Fact]
    public void BadInputGetsAClearError()
    {
        Assert.Throws<ArgumentException>(() => new Heatmap(new double[0, 3]));
        var map = new Heatmap(new double[2, 2]) { RowLabels = ["only one"] };
        Assert.Contains("2 rows but 1 row labels", Assert.Throws<ArgumentException>(() => map.ToSvg()).Message);
    }
}
