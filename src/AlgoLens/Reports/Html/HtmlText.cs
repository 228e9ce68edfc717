using System.Text;

namespace AlgoLens.Reports.Html;

/// <summary>Escaping for HTML text and attribute values.</summary>
public static class HtmlText
{
    /// <summary>
    /// Escapes <paramref name="text"/> for element content or a double- or single-quoted attribute:
    /// &amp; &lt; &gt; &quot; and &#39;. Control characters XML forbids become U+FFFD so the page stays
    /// well-formed.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        Append(builder, text);
        return builder.ToString();
    }

    /// <summary>Appends <paramref name="text"/>, escaped, to <paramref name="builder"/>.</summary>
    public static StringBuilder Append(StringBuilder builder, string text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
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
