using AlgoLens.Reports.Charts;
using AlgoLens.Reports.Html;

namespace AlgoLens.Tests.Reports;

/// <summary>The report's HTML and its SVG charts escape text with one shared routine: pinned here so
/// that the two can never drift apart again.</summary>
public class MarkupEscapingTests
{
    [Fact]
    public void HtmlAndSvgEscapeEveryCharacterAlike()
    {
        for (int c = 0; c < 0x250; c++)
        {
            string text = $"a{(char)c}b";
            Assert.Equal(HtmlText.Escape(text), SvgWriter.Escape(text));
        }
    }

    [Theory]
    [InlineData("<a href=\"x\">&'</a>", "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")]
    [InlineData("tab\tnew\nline\r", "tab\tnew\nline\r")]
    [InlineData("bell\u0007", "bell\uFFFD")]
    public void EscapesMarkupAndReplacesForbiddenControls(string text, string expected)
    {
        Assert.Equal(expected, HtmlText.Escape(text));
        Assert.Equal(expected, SvgWriter.Escape(text));
    }
}
