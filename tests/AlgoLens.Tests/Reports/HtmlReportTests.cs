using System.Xml;
using System.Xml.Linq;
using AlgoLens.Reports.Charts;
using AlgoLens.Reports.Html;

namespace AlgoLens.Tests.Reports;

public class HtmlReportTests
{
    private static XDocument ParseHtml(string html)
    {
        // The page is XHTML-compatible; only the HTML5 doctype needs the DTD to be ignored.
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static HtmlReport SampleReport()
    {
        var report = new HtmlReport("Grokking <p = 113>") { Subtitle = "one layer", Summary = "The model groks & generalises." };
        report.AddHeaderItem("seed", "0").AddHeaderItem("task", "a + b mod p");
        var training = report.AddSection("Training");
        var circuit = report.AddSection("Circuit");
        training.Paragraph("Loss falls.").Figure(new LineChart { Title = "loss" }.Add("train", [0, 1, 2], [3, 2, 1]), "Train loss.", id: "loss");
        circuit.Figure(new BarChart().Add("14", 3, highlight: true).Add("15", 0.1), "Norm per frequency.");
        training.Figure(new Heatmap(new double[,] { { 1, -1 }, { 0, 2 } }), "A heatmap added after the bar chart, shown before it.");
        return report;
    }

    [Fact]
    public void EscapesAllText()
    {
        var report = new HtmlReport("<script>alert('x')</script>") { Subtitle = "a & b" };
        report.AddHeaderItem("<k>", "\"v\"");
        report.AddSection("<h2>").Paragraph("<b>bold?</b>").Preformatted("if (a < b && c > d) {}")
            .Table(new HtmlTable("<th>").AddRow("<td>"));
        string html = report.ToHtml();
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<k>", html);
        Assert.DoesNotContain("<th>", html);
        var doc = ParseHtml(html);
        Assert.Equal("<script>alert('x')</script>", doc.Descendants("title").First().Value);
        Assert.Equal("<b>bold?</b>", doc.Descendants("p").Single(p => p.Value.Contains("bold", StringComparison.Ordinal)).Value);
        Assert.Equal("if (a < b && c > d) {}", doc.Descendants("pre").Single().Value);
    }

    [Fact]
    public void IsWellFormedWithHeaderSectionsAndStyle()
    {
        var doc = ParseHtml(SampleReport().ToHtml());
        var html = doc.Root!;
        Assert.Equal("html", html.Name.LocalName);
        Assert.Equal("utf-8", (string?)html.Descendants("meta").First().Attribute("charset"));
        Assert.Contains("@media print", html.Descendants("style").Single().Value);
        Assert.Empty(html.Descendants("script"));
        Assert.Empty(html.Descendants("link"));
        Assert.Equal("Grokking <p = 113>", html.Descendants("h1").Single().Value);
        Assert.Equal(["seed", "task"], html.Descendants("dt").Select(d => d.Value));
        Assert.Equal(["Training", "Circuit"], html.Descendants("h2").Select(h => h.Value));
    }

    [Fact]
    public void EveryFigureHasItsIdAnSvgAndANumberInDocumentOrder()
    {
        var report = SampleReport();
        Assert.Equal(["loss", "figure-2", "figure-1"], report.FigureIds);
        var figures = ParseHtml(report.ToHtml()).Descendants("figure").ToList();
        Assert.Equal(["loss", "figure-2", "figure-1"], figures.Select(f => (string)f.Attribute("id")!));
        Assert.All(figures, f => Assert.Equal((string?)f.Attribute("id"), (string?)f.Attribute("data-figure")));
        Assert.All(figures, f => Assert.Single(f.Elements(SvgTest.Ns + "svg")));
        Assert.Equal(["Figure 1.", "Figure 2.", "Figure 3."], figures.Select(f => f.Element("figcaption")!.Elements("span").Single().Value));
        Assert.Equal("Figure 1. Train loss.", figures[0].Element("figcaption")!.Value);
    }

    [Fact]
    public void RefusesBadOrDuplicateFigureIdsAndMarkupThatIsNotSvg()
    {
        var section = new HtmlReport("r").AddSection("s").Figure("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "ok", id: "a");
        Assert.Contains("already used", Assert.Throws<ArgumentException>(() => section.Figure("<svg/>", "again", id: "a")).Message);
        Assert.Throws<ArgumentException>(() => section.Figure("<svg/>", "bad id", id: "1 two\""));
        Assert.Contains("not well-formed", Assert.Throws<ArgumentException>(() => section.Figure("<svg><g></svg>", "broken")).Message);
        Assert.Contains("root is <div>", Assert.Throws<ArgumentException>(() => section.Figure("<div/>", "not svg")).Message);
    }

    [Fact]
    public void AutomaticIdsSkipIdsTakenByHand()
    {
        var report = new HtmlReport("r");
        var section = report.AddSection("s").Figure("<svg/>", "a", id: "figure-1").Figure("<svg/>", "b");
        Assert.Equal(["figure-1", "figure-2"], report.FigureIds);
        Assert.NotNull(section);
    }

    [Fact]
    public void SavesAtomicallyAndOverwrites()
    {
        string folder = Path.Combine(Path.GetTempPath(), "algolens-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(folder, "nested", "report.html");
            var report = SampleReport();
            report.Save(path);
            Assert.Equal(report.ToHtml(), File.ReadAllText(path));

            var second = new HtmlReport("second");
            second.Save(path);
            Assert.Equal(second.ToHtml(), File.ReadAllText(path));
            Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
