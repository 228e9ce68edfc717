using System.Globalization;
using System.Text;
using AlgoLens.Common;

namespace AlgoLens.Reports.Charts;

/// <summary>
/// Appends SVG markup to a buffer. Numbers are written in the invariant culture with at most two
/// decimals: sub-pixel precision beyond that changes nothing on screen but bloats the markup.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder builder = new();

    /// <summary>Writes <c>&lt;name</c>; follow with <see cref="Attr(string, string)"/> calls and an end.</summary>
    public SvgWriter Start(string name)
    {
        builder.Append('<').Append(name);
        return this;
    }

    /// <summary>Writes an attribute whose value is escaped.</summary>
    public SvgWriter Attr(string name, string value)
    {
        builder.Append(' ').Append(name).Append("=\"");
        AppendEscaped(value);
        builder.Append('"');
        return this;
    }

    /// <summary>Writes a numeric attribute.</summary>
    public SvgWriter Attr(string name, double value)
    {
        builder.Append(' ').Append(name).Append("=\"").Append(Num(value)).Append('"');
        return this;
    }

    /// <summary>Ends an element that has no children (<c>/&gt;</c>).</summary>
    public SvgWriter End()
    {
        builder.Append("/>");
        return this;
    }

    /// <summary>Ends the start tag of an element whose children follow.</summary>
    public SvgWriter Open()
    {
        builder.Append('>');
        return this;
    }

    /// <summary>Writes escaped text and the closing tag, ending an element opened with <see cref="Start"/>.</summary>
    public SvgWriter Text(string text, string name)
    {
        builder.Append('>');
        AppendEscaped(text);
        builder.Append("</").Append(name).Append('>');
        return this;
    }

    /// <summary>Writes a closing tag.</summary>
    public SvgWriter Close(string name)
    {
        builder.Append("</").Append(name).Append('>');
        return this;
    }

    /// <summary>Writes markup that is already well-formed SVG.</summary>
    public SvgWriter Raw(string markup)
    {
        builder.Append(markup);
        return this;
    }

    /// <inheritdoc/>
    public override string ToString() => builder.ToString();

    /// <summary>Formats a coordinate: at most two decimals, no exponent, never "-0".</summary>
    public static string Num(double value)
    {
        double rounded = Math.Round(value, 2);
        return rounded == 0 ? "0" : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes text for element content and double-quoted attribute values.</summary>
    public static string Escape(string text)
    {
        var writer = new SvgWriter();
        writer.AppendEscaped(text);
        return writer.ToString();
    }

    private void AppendEscaped(string text) => MarkupText.AppendEscaped(builder, text);
}
