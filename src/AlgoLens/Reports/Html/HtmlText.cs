using System.Text;
using AlgoLens.Common;

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
        return MarkupText.AppendEscaped(builder, text);
    }
}
