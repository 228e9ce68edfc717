using System.Text;

namespace AlgoLens.Reports.Html;

/// <summary>A block of a report section (paragraph, figure, table ...) that writes its own HTML.</summary>
internal interface IHtmlBlock
{
    /// <summary>Appends the block's HTML; <paramref name="figures"/> numbers figures in document order.</summary>
    void Write(StringBuilder html, FigureNumbering figures);
}
