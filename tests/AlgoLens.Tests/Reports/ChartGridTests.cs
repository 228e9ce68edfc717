using AlgoLens.Reports.Charts;
using static AlgoLens.Tests.Reports.SvgTest;

namespace AlgoLens.Tests.Reports;

public class ChartGridTests
{
    [Fact]
    public void LaysChartsOutRowByRowAndSizesItselfToThem()
    {
        var grid = new ChartGrid { Columns = 2, Gap = 10, Title = "small multiples" };
        for (int h = 0; h < 3; h++)
        {
            grid.Add(new Heatmap(new double[,] { { h, 1 }, { 1, 0 } }) { Title = $"head {h}", Width = 200, Height = 150 });
        }
        var root = Parse(grid.ToSvg());
        var charts = root.Elements(Ns + "svg").ToList();
        Assert.Equal(3, charts.Count);
        Assert.Equal(10 + 200 + 10 + 200 + 10, grid.Width);
        Assert.Equal(30 + 10 + 150 + 10 + 150 + 10, grid.Height);
        Assert.Equal([(10.0, 40.0), (220.0, 40.0), (10.0, 200.0)], charts.Select(c => (Num(c, "x"), Num(c, "y"))));
        Assert.Equal(["head 0", "head 1", "head 2"], charts.Select(c => c.Element(Ns + "title")!.Value));
        Assert.Equal(["small multiples"], root.Elements(Ns + "text").Select(t => t.Value));
    }

    [Fact]
    public void GridsNest()
    {
        var inner = new ChartGrid { Columns = 1 }.Add(new LineChart { Width = 100, Height = 80 });
        var outer = new ChartGrid { Columns = 2 }.Add(inner).Add(new BarChart { Width = 300, Height = 200 }.Add("a", 1));
        var root = Parse(outer.ToSvg());
        Assert.Equal(2, root.Elements(Ns + "svg").Count());
        Assert.Equal(8 + 116 + 8 + 300 + 8, outer.Width);
    }
}
