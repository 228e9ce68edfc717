using System.Text;

namespace AlgoLens.Reports.Html;

/// <summary>
/// A table with a header row and body rows of text or numeric cells; cells or whole columns can
/// be highlighted (e.g. "this run" beside "paper").
/// </summary>
/// <example>
/// <code>
/// var table = new HtmlTable("quantity", "paper", "this run") { Caption = "Grokking, p = 113" };
/// table.AddRow("test loss", 1e-7, 3.2e-7).AddRow("key frequencies", "14, 35, 41, 42, 52", "14, 35, 41, 42, 52");
/// table.HighlightColumn(2);
/// </code>
/// </example>
public sealed class HtmlTable : IHtmlBlock
{
    private readonly List<TableCell[]> rows = [];
    private readonly HashSet<int> highlightedColumns = [];

    /// <summary>Creates a table with the given column headers (at least one).</summary>
    public HtmlTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column header.", nameof(headers));
        }
        Headers = [.. headers];
    }

    /// <summary>Column headers.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>Body rows, each with one cell per header.</summary>
    public IReadOnlyList<IReadOnlyList<TableCell>> Rows => rows;

    /// <summary>Caption shown above the table; empty for none.</summary>
    public string Caption { get; set; } = "";

    /// <summary>Adds a row with one cell per column; returns this table for chaining.</summary>
    public HtmlTable AddRow(params TableCell[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"Row {rows.Count} has {cells.Length} cells but the table has {Headers.Count} columns ({string.Join(", ", Headers)}).", nameof(cells));
        }
        rows.Add([.. cells]);
        return this;
    }

    /// <summary>Highlights the cell at (<paramref name="row"/>, <paramref name="column"/>); returns this table.</summary>
    public HtmlTable Highlight(int row, int column)
    {
        if ((uint)row >= (uint)rows.Count || (uint)column >= (uint)Headers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"Cell ({row}, {column}) is outside the table's {rows.Count}×{Headers.Count} cells.");
        }
        rows[row][column] = rows[row][column].Highlighted();
        return this;
    }

    /// <summary>Highlights a whole column, header included; returns this table.</summary>
    public HtmlTable HighlightColumn(int column)
    {
        if ((uint)column >= (uint)Headers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Column {column} is outside the table's {Headers.Count} columns.");
        }
        highlightedColumns.Add(column);
        return this;
    }

    /// <summary>The table as an HTML fragment.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        ((IHtmlBlock)this).Write(html, new FigureNumbering());
        return html.ToString();
    }

    void IHtmlBlock.Write(StringBuilder html, FigureNumbering figures)
    {
        // A column is numeric when all its body cells are, so its header aligns with its digits.
        var numeric = Enumerable.Range(0, Headers.Count)
            .Select(c => rows.Count > 0 && rows.All(r => r[c].Number is not null)).ToArray();
        html.Append("<div class=\"table-wrap\"><table>\n");
        if (Caption.Length > 0)
        {
            HtmlText.Append(html.Append("<caption>"), Caption).Append("</caption>\n");
        }
        html.Append("<thead><tr>");
        for (int c = 0; c < Headers.Count; c++)
        {
            html.Append("<th scope=\"col\"").Append(ClassAttribute(numeric[c], highlightedColumns.Contains(c))).Append('>');
            HtmlText.Append(html, Headers[c]).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < row.Length; c++)
            {
                var cell = row[c];
                html.Append("<td").Append(ClassAttribute(cell.Number is not null, cell.Highlight || highlightedColumns.Contains(c))).Append('>');
                HtmlText.Append(html, cell.Text).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n");
    }

    private static string ClassAttribute(bool numeric, bool highlight) => (numeric, highlight) switch
    {
        (true, true) => " class=\"num highlight\"",
        (true, false) => " class=\"num\"",
        (false, true) => " class=\"highlight\"",
        _ => "",
    };
}
