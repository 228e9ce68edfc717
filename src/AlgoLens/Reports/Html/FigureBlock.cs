using System.Text;

namespace AlgoLens.Reports.Html;

/// <summary>
/// A <c>&lt;figure&gt;</c> holding inline SVG and a caption. Its id and <c>data-figure</c> attribute
/// let a browser test find every figure and check it rendered.
/// </summary>
internal sealed class FigureBlock(string id, string svg, string caption) : IHtmlBlock
{
    public string Id => id;

    public void Write(StringBuilder html, FigureNumbering figures)
    {
        html.Append("<figure id=\"");
        HtmlText.Append(html, id).Append("\" data-figure=\"");
        HtmlText.Append(html, id).Append("\">\n");
        html.Append(svg).Append('\n');
        html.Append("<figcaption><span class=\"figure-number\">Figure ").Append(figures.Next()).Append(".</span> ");
        HtmlText.Append(html, caption).Append("</figcaption>\n</figure>\n");
    }
}
