using AlgoLens.Reports.Charts;
using static AlgoLens.Tests.Reports.SvgTest;

namespace AlgoLens.Tests.Reports;

public class LineChartTests
{
    private static double[] Range(int n, double step = 1) => [.. Enumerable.Range(0, n).Select(i => i * step)];

    [Fact]
    public void IdentityLineRunsCornerToCornerOfThePlot()
    {
        var x = Range(11);
        var chart = new LineChart { Title = "y = x" }.Add("y", x, x);
        var root = Parse(chart.ToSvg());
        var plot = PlotArea(root);
        var points = Subpaths((string)WithClass(root, "series").Single().Attribute("d")!).Single();

        Assert.Equal(11, points.Count);
        Assert.Equal(plot.Left, points[0].X, 0.1);
        Assert.Equal(plot.Bottom, points[0].Y, 0.1);
        Assert.Equal(plot.Right, points[^1].X, 0.1);
        Assert.Equal(plot.Top, points[^1].Y, 0.1);
        Assert.Equal((plot.Left + plot.Right) / 2, points[5].X, 0.1);
        Assert.Equal((plot.Top + plot.Bottom) / 2, points[5].Y, 0.1);
    }

    [Fact]
    public void HasSizeTitleAxisTitlesAndSystemFont()
    {
        var chart = new LineChart { Title = "Loss", Width = 500, Height = 300 }.Add("train", [0, 1], [1, 2]);
        chart.XAxis.Title = "step";
        chart.YAxis.Title = "loss";
        var root = Parse(chart.ToSvg());
        Assert.Equal("500", (string?)root.Attribute("width"));
        Assert.Equal("300", (string?)root.Attribute("height"));
        Assert.Equal("0 0 500 300", (string?)root.Attribute("viewBox"));
        Assert.Equal("system-ui, sans-serif", (string?)root.Attribute("font-family"));
        Assert.Equal("Loss", root.Element(Ns + "title")!.Value);
        Assert.Equal(["Loss"], Texts(root, "chart-title"));
        Assert.Equal(["step", "loss"], Texts(root, "axis-title"));
    }

    [Fact]
    public void NonFinitePointsSplitTheLine()
    {
        double[] y = [1, 2, double.NaN, 4, 5, double.PositiveInfinity, 7, double.NaN, 9, 10];
        var root = Parse(new LineChart().Add("s", Range(10), y).ToSvg());
        string d = (string)WithClass(root, "series").Single().Attribute("d")!;
        var parts = Subpaths(d);
        Assert.Equal([2, 2, 1, 2], parts.Select(p => p.Count));
        Assert.Contains("h0", d); // the lone point at x = 6 still shows, as a round-capped dot
    }

    [Fact]
    public void LegendListsEachSeriesInItsOwnColour()
    {
        var chart = new LineChart();
        foreach (string name in new[] { "train", "test", "restricted <loss>" })
        {
            chart.Add(name, [0, 1, 2], [3, 1, 2]);
        }
        var root = Parse(chart.ToSvg());
        var entries = WithClass(root, "legend-entry").ToList();
        Assert.Equal(["train", "test", "restricted <loss>"], entries.Select(e => (string)e.Attribute("data-series")!));
        Assert.Equal(["train", "test", "restricted <loss>"], entries.Select(e => e.Element(Ns + "text")!.Value));
        var strokes = WithClass(root, "series").Select(p => (string)p.Attribute("stroke")!).ToList();
        Assert.Equal(3, strokes.Distinct().Count());
        Assert.Equal(strokes, entries.Select(e => (string)e.Element(Ns + "line")!.Attribute("stroke")!));
    }

    [Fact]
    public void BandsAndMarkersAppearWithTheirLabels()
    {
        var chart = new LineChart().Add("loss", Range(11), Range(11))
            .AddBand(0, 5, "memorisation 0–5").AddBand(5, 10, "circuit formation")
            .AddMarker(7.5, "grokked").AddMarker(50, "off the axis");
        var root = Parse(chart.ToSvg());
        var plot = PlotArea(root);

        var bands = WithClass(root, "band").ToList();
        Assert.Equal(["memorisation 0–5", "circuit formation"], bands.Select(b => (string)b.Attribute("data-label")!));
        Assert.Equal(plot.Left, Num(bands[0], "x"), 0.1);
        Assert.Equal((plot.Right - plot.Left) / 2, Num(bands[0], "width"), 0.1);
        Assert.Equal(plot.Top, Num(bands[0], "y"), 0.1);
        Assert.Equal(plot.Bottom - plot.Top, Num(bands[0], "height"), 0.1);
        Assert.Equal(["memorisation 0–5", "circuit formation"], Texts(root, "band-label"));

        var marker = WithClass(root, "marker").Single();
        Assert.Equal("grokked", (string?)marker.Attribute("data-label"));
        Assert.Equal(plot.Left + 0.75 * (plot.Right - plot.Left), Num(marker, "x1"), 0.1);
        Assert.Equal(["grokked"], Texts(root, "marker-label"));
        // Labels sit above the plot, never over the data.
        Assert.All(WithClass(root, "band-label").Concat(WithClass(root, "marker-label")), t => Assert.True(Num(t, "y") < plot.Top));
    }

    [Fact]
    public void LogAxisOverMicroToTenHasDecadeTicks()
    {
        double[] y = [1e-6, 3e-4, 0.02, 10];
        var chart = new LineChart().Add("loss", Range(4), y);
        chart.YAxis.Scale = AxisScale.Log10;
        var root = Parse(chart.ToSvg());
        var labels = WithClass(root, "y-axis").Single().Descendants(Ns + "text").Where(t => HasClass(t, "tick-label")).Select(t => t.Value);
        Assert.Equal(["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"], labels);

        var ticks = LogTicks.Ticks(1e-6, 10, 300, 18);
        Assert.Equal([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10], ticks.Where(t => t.IsMajor).Select(t => t.Value), new RelativeComparer(1e-12));
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Value - 2e-3) < 1e-15); // minor ticks between decades
    }

    [Fact]
    public void LogAxisSkipsValuesThatAreNotPositive()
    {
        var chart = new LineChart().Add("loss", Range(6), [1, 0.1, 0, -1, 0.01, 0.001]);
        chart.YAxis.Scale = AxisScale.Log10;
        var root = Parse(chart.ToSvg());
        var parts = Subpaths((string)WithClass(root, "series").Single().Attribute("d")!);
        Assert.Equal([2, 2], parts.Select(p => p.Count));
        var plot = PlotArea(root);
        Assert.Equal(plot.Top, parts[0][0].Y, 0.1);     // 1 = 10⁰ is the top decade
        Assert.Equal(plot.Bottom, parts[1][1].Y, 0.1);  // 0.001 = 10⁻³ the bottom one
    }

    [Fact]
    public void LongSeriesIsThinnedButKeepsItsExtremes()
    {
        int n = 100_000;
        var x = Range(n);
        var y = x.Select(v => Math.Sin(v / 5000)).ToArray();
        y[31_337] = 30;  // a loss spike (±30: round numbers, so the axis ends exactly there)
        y[77_777] = -30; // and a dip
        var chart = new LineChart().Add("s", x, y);
        var root = Parse(chart.ToSvg());
        var points = Subpaths((string)WithClass(root, "series").Single().Attribute("d")!).Single();
        var plot = PlotArea(root);
        Assert.InRange(points.Count, 1000, chart.MaxPointsPerSeries);
        Assert.Equal(plot.Left, points[0].X, 0.1);
        Assert.Equal(plot.Right, points[^1].X, 0.1);
        Assert.Equal(plot.Top, points.Min(p => p.Y), 0.1);
        Assert.Equal(plot.Bottom, points.Max(p => p.Y), 0.1);
    }

    [Fact]
    public void LinearTicksFollowTheOneTwoFiveRule()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], LinearTicks.Ticks(0, 1, 5).Select(t => t.Value), new RelativeComparer(1e-12));
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1.0"], LinearTicks.Ticks(0, 1, 5).Select(t => t.Label));
        Assert.Equal(5.0, LinearTicks.NiceStep(23, 5));
        Assert.Equal(2e-3, LinearTicks.NiceStep(0.011, 6), 1e-15);
        Assert.Equal(10_000.0, LinearTicks.NiceStep(30_000, 4));
        Assert.Equal((0.0, 30_000.0), LinearTicks.Range(0, 29_990, null, null, 7));
        Assert.Equal(["0", "10k", "20k", "30k"], LinearTicks.Ticks(0, 30_000, 3).Select(t => t.Label));
        Assert.Equal(["−1", "0", "1"], LinearTicks.Ticks(-1, 1, 2).Select(t => t.Label));
    }

    [Fact]
    public void NumberLabelsAreCompact()
    {
        Assert.Equal("1.4k", ChartNumber.Compact(1400));
        Assert.Equal("2.5M", ChartNumber.Compact(2.5e6));
        Assert.Equal("0.002", ChartNumber.Compact(0.002));
        Assert.Equal("3e-7", ChartNumber.Compact(3e-7));
        Assert.Equal("10⁻³", ChartNumber.PowerOfTen(-3));
        Assert.Equal("10¹²", ChartNumber.PowerOfTen(12));
    }

    [Fact]
    public void BadInputGetsAClearError()
    {
        Assert.Contains("3 x values but 2 y values", Assert.Throws<ArgumentException>(() => new LineSeries("s", [1, 2, 3], [1, 2])).Message);
        var chart = new LineChart().Add("s", [1, 2], [1, 2]);
        chart.XAxis.Min = 5;
        chart.XAxis.Max = 1;
        Assert.Contains("Min", Assert.Throws<ArgumentException>(() => chart.ToSvg()).Message);
        var log = new LineChart().Add("s", [1, 2], [1, 2]);
        log.YAxis.Scale = AxisScale.Log10;
        log.YAxis.Min = 0;
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => log.ToSvg()).Message);
        Assert.Throws<ArgumentException>(() => new LineChart().AddBand(5, 1, "backwards").ToSvg());
        Assert.Contains("too small", Assert.Throws<ArgumentException>(() => new LineChart { Width = 40, Height = 30 }.Add("s", [1], [1]).ToSvg()).Message);
    }

    [Fact]
    public void EmptyChartStillRenders()
    {
        var root = Parse(new LineChart { Title = "nothing yet" }.ToSvg());
        Assert.Single(WithClass(root, "plot-area"));
    }

    [Fact]
    public void TextIsEscaped()
    {
        var chart = new LineChart { Title = "a < b & \"c\"" }.Add("<script>", [0, 1], [0, 1]);
        string svg = chart.ToSvg();
        Assert.DoesNotContain("<script>", svg);
        Assert.Equal("a < b & \"c\"", Texts(Parse(svg), "chart-title").Single());
    }

    private sealed class RelativeComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1e-300, Math.Max(Math.Abs(a), Math.Abs(b))) || a == b;

        public int GetHashCode(double value) => 0;
    }
}
