using System.Text;

namespace AlgoLens.Reports.Html;

/// <summary>A block of escaped text in one element: a paragraph, a sub-heading or preformatted text.</summary>
internal sealed class TextBlock(string element, string text) : IHtmlBlock
{
    public void Write(StringBuilder html, FigureNumbering figures)
    {
        html.Append('<').Append(element).Append('>');
        HtmlText.Append(html, text);
        html.Append("</").Append(element).Append(">\n");
    }
}
