using System.Text;

namespace AlgoLens.Common;

/// <summary>
/// The one escaping of text for the report's HTML and its SVG charts (element content and double- or
/// single-quoted attribute values), so that both always escape alike.
/// </summary>
internal static class MarkupText
{
    /// <summary>
    /// Appends <paramref name="text"/> to <paramref name="builder"/> with &amp; &lt; &gt; &quot; and
    /// &#39; escaped; control characters other than tab and newlines, which XML forbids, become U+FFFD.
    /// </summary>
    public static StringBuilder AppendEscaped(StringBuilder builder, string text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case < ' ' when c is not ('\t' or '\n' or '\r'): builder.Append('\uFFFD'); break;
                default: builder.Append(c); break;
            }
        }
        return builder;
    }
}
