using System.Text;
using System.Text.RegularExpressions;
using AlgoLens.IO;

namespace AlgoLens.Reports.Html;

/// <summary>
/// A self-contained HTML report: a header (title, subtitle, key facts of the run), then sections of
/// paragraphs, figures with inline SVG, and tables. No scripts, fonts or files outside the page;
/// every piece of text is escaped; the output is well-formed (XHTML-compatible) so it can be
/// checked by an XML parser as well as a browser.
/// </summary>
/// <example>
/// <code>
/// var report = new HtmlReport("Grokking modular addition") { Subtitle = "p = 113, one-layer transformer" };
/// report.AddHeaderItem("seed", "0").AddHeaderItem("steps", "30000");
/// report.AddSection("Training")
///       .Paragraph("Test loss falls long after train loss: the model groks.")
///       .Figure(lossChart, "Train and test loss.", id: "loss");
/// report.Save("runs/p113/report.html");
/// </code>
/// </example>
public sealed partial class HtmlReport
{
    private readonly List<KeyValuePair<string, string>> headerItems = [];
    private readonly List<HtmlSection> sections = [];
    private readonly HashSet<string> figureIds = new(StringComparer.Ordinal);
    private int nextFigure = 1;

    /// <summary>Creates an empty report titled <paramref name="title"/>.</summary>
    public HtmlReport(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The page title and the <c>&lt;h1&gt;</c>; a section may retitle the page (a study's measure names the study).</summary>
    public string Title
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    }

    /// <summary>A line under the title; empty for none.</summary>
    public string Subtitle { get; set; } = "";

    /// <summary>A paragraph in the header, under the key facts; empty for none.</summary>
    public string Summary { get; set; } = "";

    /// <summary>Key facts shown in the header, in order (e.g. task, seed, steps).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeaderItems => headerItems;

    /// <summary>The sections, in order.</summary>
    public IReadOnlyList<HtmlSection> Sections => sections;

    /// <summary>The ids of all figures, in document order.</summary>
    public IReadOnlyList<string> FigureIds => [.. sections.SelectMany(s => s.FigureIds)];

    /// <summary>Adds a key fact to the header; returns this report for chaining.</summary>
    public HtmlReport AddHeaderItem(string label, string value)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(value);
        headerItems.Add(new(label, value));
        return this;
    }

    /// <summary>Adds a section headed <paramref name="heading"/> and returns it, to be filled.</summary>
    public HtmlSection AddSection(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var section = new HtmlSection(this, heading);
        sections.Add(section);
        return section;
    }

    /// <summary>The whole page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("<meta name=\"generator\" content=\"AlgoLens\" />\n<title>");
        HtmlText.Append(html, Title).Append("</title>\n<style>\n").Append(ReportStyles.Css).Append("\n</style>\n</head>\n<body>\n");
        WriteHeader(html);
        html.Append("<main>\n");
        var figures = new FigureNumbering();
        foreach (var section in sections)
        {
            section.Write(html, figures);
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// Writes the page to <paramref name="path"/> atomically: into a temporary file in the same
    /// folder, then renamed over the target, so a reader never sees half a report.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, ToHtml());
    }

    /// <summary>Checks <paramref name="requested"/> (or makes the next free <c>figure-N</c>) and reserves it.</summary>
    internal string ClaimFigureId(string? requested)
    {
        if (requested is null)
        {
            string id;
            do
            {
                id = $"figure-{nextFigure++}";
            }
            while (figureIds.Contains(id));
            figureIds.Add(id);
            return id;
        }
        if (!IdPattern().IsMatch(requested))
        {
            throw new ArgumentException($"Figure id \"{requested}\" is not usable in a page; use a letter followed by letters, digits, '-' or '_' (e.g. \"loss-curve\").", nameof(requested));
        }
        if (!figureIds.Add(requested))
        {
            throw new ArgumentException($"Figure id \"{requested}\" is already used in this report; give each figure its own id.", nameof(requested));
        }
        return requested;
    }

    private void WriteHeader(StringBuilder html)
    {
        html.Append("<header>\n<h1>");
        HtmlText.Append(html, Title).Append("</h1>\n");
        if (Subtitle.Length > 0)
        {
            HtmlText.Append(html.Append("<p class=\"subtitle\">"), Subtitle).Append("</p>\n");
        }
        if (headerItems.Count > 0)
        {
            html.Append("<dl class=\"meta\">\n");
            foreach (var (label, value) in headerItems)
            {
                HtmlText.Append(html.Append("<dt>"), label).Append("</dt>");
                HtmlText.Append(html.Append("<dd>"), value).Append("</dd>\n");
            }
            html.Append("</dl>\n");
        }
        if (Summary.Length > 0)
        {
            HtmlText.Append(html.Append("<p>"), Summary).Append("</p>\n");
        }
        html.Append("</header>\n");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex IdPattern();
}
