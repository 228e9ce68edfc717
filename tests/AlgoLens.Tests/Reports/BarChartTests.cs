using AlgoLens.Reports.Charts;
using static AlgoLens.Tests.Reports.SvgTest;

namespace AlgoLens.Tests.Reports;

public class BarChartTests
{
    private static readonly string[] KeyFrequencies = ["14", "35", "41", "42", "52"];

    private static BarChart FrequencyChart()
    {
        var chart = new BarChart { Title = "Norm per frequency", CategoryAxisTitle = "frequency k", HighlightName = "key frequencies" };
        chart.ValueAxis.Title = "norm";
        for (int k = 1; k <= 56; k++)
        {
            chart.Add(k.ToString(System.Globalization.CultureInfo.InvariantCulture), k % 7 * 0.1);
        }
        return chart.Highlight(KeyFrequencies);
    }

    [Fact]
    public void HighlightsExactlyTheChosenBars()
    {
        var chart = FrequencyChart();
        var root = Parse(chart.ToSvg());
        var bars = WithClass(root, "bar").ToList();
        Assert.Equal(56, bars.Count);
        var highlighted = bars.Where(b => HasClass(b, "highlight")).ToList();
        Assert.Equal(KeyFrequencies, highlighted.Select(b => (string)b.Attribute("data-category")!));
        Assert.All(highlighted, b => Assert.Equal(chart.HighlightColor, (string?)b.Attribute("fill")));
        Assert.All(bars.Except(highlighted), b => Assert.Equal(chart.BarColor, (string?)b.Attribute("fill")));
        Assert.Equal(["key frequencies"], WithClass(root, "legend-entry").Select(e => (string)e.Attribute("data-series")!));
    }

    [Fact]
    public void ManyBarsGetLabelsThatDoNotCollide()
    {
        var root = Parse(FrequencyChart().ToSvg());
        var labels = WithClass(root, "category-axis").Single().Elements(Ns + "text").Where(t => HasClass(t, "tick-label")).ToList();
        var xs = labels.Select(t => Num(t, "x")).ToList();
        Assert.InRange(labels.Count, 10, 56);
        Assert.All(xs.Zip(xs.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 8, $"labels {pair.First} and {pair.Second} overlap"));
        Assert.Superset(KeyFrequencies.ToHashSet(), labels.Select(t => t.Value).ToHashSet()); // key frequencies are always labelled
        Assert.All(labels, t => Assert.StartsWith("rotate(-90", (string?)t.Attribute("transform")));
    }

    [Fact]
    public void FewBarsAreLabelledHorizontally()
    {
        var chart = new BarChart().Add("alpha", 1).Add("beta", 2, highlight: true).Add("gamma", 3);
        var root = Parse(chart.ToSvg());
        var labels = WithClass(root, "category-axis").Single().Elements(Ns + "text").ToList();
        Assert.Equal(["alpha", "beta", "gamma"], labels.Select(t => t.Value));
        Assert.All(labels, t => Assert.Null(t.Attribute("transform")));
    }

    [Fact]
    public void BarsStartAtZeroAndScaleWithTheirValues()
    {
        var chart = new BarChart().Add("a", 0).Add("b", 1).Add("c", 2).Add("d", -1).Add("e", double.NaN);
        var root = Parse(chart.ToSvg());
        var bars = WithClass(root, "bar").ToDictionary(b => (string)b.Attribute("data-category")!);
        Assert.False(bars.ContainsKey("e"));
        Assert.Equal(0, Num(bars["a"], "height"), 0.01);
        Assert.Equal(2 * Num(bars["b"], "height"), Num(bars["c"], "height"), 0.05);
        Assert.Equal(Num(bars["b"], "height"), Num(bars["d"], "height"), 0.05);
        double zero = Num(bars["b"], "y") + Num(bars["b"], "height");
        Assert.Equal(zero, Num(bars["d"], "y"), 0.01); // the negative bar hangs from the zero line
        Assert.Equal(zero, Num(WithClass(root, "baseline").Single(), "y1"), 0.01);
    }

    [Fact]
    public void OnALogAxisTheSmallestBarStillShowsAndNonPositiveValuesAreSkipped()
    {
        var chart = new BarChart().Add("a", 1e-3).Add("b", 10).Add("c", 0);
        chart.ValueAxis.Scale = AxisScale.Log10;
        var bars = WithClass(Parse(chart.ToSvg()), "bar").ToDictionary(b => (string)b.Attribute("data-category")!);
        Assert.False(bars.ContainsKey("c"));
        Assert.Equal(Num(bars["b"], "height") / 5, Num(bars["a"], "height"), 0.1); // 1 of 5 decades (10⁻⁴..10¹)
    }

    [Fact]
    public void BadInputGetsAClearError()
    {
        Assert.Contains("No bar has category", Assert.Throws<ArgumentException>(() => new BarChart().Add("a", 1).Highlight("b")).Message);
        var chart = new BarChart().Add("a", 1);
        chart.Values.Add(2);
        Assert.Contains("1 categories but 2 values", Assert.Throws<ArgumentException>(() => chart.ToSvg()).Message);
    }
}
