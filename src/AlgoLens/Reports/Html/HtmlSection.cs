using System.Text;
using System.Xml;
using System.Xml.Linq;
using AlgoLens.Reports.Charts;

namespace AlgoLens.Reports.Html;

/// <summary>
/// A section of an <see cref="HtmlReport"/>: an <c>&lt;h2&gt;</c> heading followed by paragraphs,
/// figures, tables and preformatted text, in the order they are added. Every method returns the
/// section, so content chains.
/// </summary>
public sealed class HtmlSection
{
    private readonly HtmlReport report;
    private readonly List<IHtmlBlock> blocks = [];

    internal HtmlSection(HtmlReport report, string heading)
    {
        this.report = report;
        Heading = heading;
    }

    /// <summary>The section's heading.</summary>
    public string Heading { get; }

    /// <summary>Adds a paragraph of plain text (escaped).</summary>
    public HtmlSection Paragraph(string text) => AddText("p", text);

    /// <summary>Adds an <c>&lt;h3&gt;</c> sub-heading.</summary>
    public HtmlSection Subheading(string text) => AddText("h3", text);

    /// <summary>Adds preformatted text (a config, a command line), escaped.</summary>
    public HtmlSection Preformatted(string text) => AddText("pre", text);

    /// <summary>Adds a table.</summary>
    public HtmlSection Table(HtmlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        blocks.Add(table);
        return this;
    }

    /// <summary>
    /// Adds a figure showing <paramref name="chart"/> with a caption. <paramref name="id"/> names the
    /// figure in the page (letters, digits, '-', '_', starting with a letter); null gives the next
    /// free <c>figure-N</c>.
    /// </summary>
    public HtmlSection Figure(Chart chart, string caption, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return AddFigure(chart.ToSvg(), caption, id);
    }

    /// <summary>
    /// Adds a figure of SVG markup made elsewhere. The markup goes into the page as it is, so it
    /// must be one well-formed <c>&lt;svg&gt;</c> element; anything else is refused here rather than
    /// breaking the page.
    /// </summary>
    public HtmlSection Figure(string svg, string caption, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(svg);
        try
        {
            var root = XElement.Parse(svg);
            if (root.Name.LocalName != "svg")
            {
                throw new ArgumentException($"Figure markup must be an <svg> element; its root is <{root.Name.LocalName}>.", nameof(svg));
            }
        }
        catch (XmlException e)
        {
            throw new ArgumentException($"Figure markup is not well-formed SVG ({e.Message}); pass the output of Chart.ToSvg() or other well-formed SVG.", nameof(svg), e);
        }
        return AddFigure(svg.Trim(), caption, id);
    }

    internal IEnumerable<string> FigureIds => blocks.OfType<FigureBlock>().Select(f => f.Id);

    internal void Write(StringBuilder html, FigureNumbering figures)
    {
        html.Append("<section>\n<h2>");
        HtmlText.Append(html, Heading).Append("</h2>\n");
        foreach (var block in blocks)
        {
            block.Write(html, figures);
        }
        html.Append("</section>\n");
    }

    private HtmlSection AddFigure(string svg, string caption, string? id)
    {
        ArgumentNullException.ThrowIfNull(caption);
        blocks.Add(new FigureBlock(report.ClaimFigureId(id), svg, caption));
        return this;
    }

    private HtmlSection AddText(string tag, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        blocks.Add(new TextBlock(tag, text));
        return this;
    }
}
