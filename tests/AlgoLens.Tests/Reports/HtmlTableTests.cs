using System.Xml.Linq;
using AlgoLens.Reports.Html;

namespace AlgoLens.Tests.Reports;

public class HtmlTableTests
{
    [Fact]
    public void FormatsNumbersAndHighlightsCellsAndColumns()
    {
        var table = new HtmlTable("quantity", "paper", "this run") { Caption = "p = 113" };
        table.AddRow("test loss", 1e-7, 3.2e-7)
             .AddRow("steps", 10_000, 30_000)
             .AddRow("accuracy", 1.0, new TableCell(0.99871, "P1"))
             .Highlight(0, 2)
             .HighlightColumn(1);
        var root = XElement.Parse(table.ToHtml());
        var rows = root.Descendants("tr").ToList();
        Assert.Equal(["quantity", "paper", "this run"], rows[0].Elements("th").Select(c => c.Value));
        Assert.Equal(["test loss", "1e-7", "3.2e-7"], rows[1].Elements("td").Select(c => c.Value));
        Assert.Equal(["steps", "10000", "30000"], rows[2].Elements("td").Select(c => c.Value));
        Assert.Equal("99.9%", rows[3].Elements("td").Last().Value.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("num highlight", (string?)rows[1].Elements("td").ElementAt(2).Attribute("class"));
        Assert.Equal("num", (string?)rows[2].Elements("td").ElementAt(2).Attribute("class"));
        Assert.All(rows.Skip(1), r => Assert.Equal("num highlight", (string?)r.Elements("td").ElementAt(1).Attribute("class")));
        Assert.Equal("num highlight", (string?)rows[0].Elements("th").ElementAt(1).Attribute("class"));
        Assert.Null(rows[1].Elements("td").First().Attribute("class"));
        Assert.Equal("p = 113", root.Descendants("caption").Single().Value);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.98765, "0.9877")]
    [InlineData(12.345678, "12.35")]
    [InlineData(123456.7, "123457")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(3.2e-7, "3.2e-7")]
    [InlineData(1.5e9, "1.5e9")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void NumbersReadWell(double value, string expected) => Assert.Equal(expected, TableCell.FormatNumber(value));

    [Fact]
    public void RowsMustMatchTheHeader()
    {
        var table = new HtmlTable("a", "b");
        Assert.Contains("1 cells but the table has 2 columns", Assert.Throws<ArgumentException>(() => table.AddRow("x")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Highlight(0, 0));
        Assert.Throws<ArgumentException>(() => new HtmlTable());
    }
}
