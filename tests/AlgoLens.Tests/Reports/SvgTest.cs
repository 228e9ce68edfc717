using System.Globalization;
using System.Xml.Linq;

namespace AlgoLens.Tests.Reports;

/// <summary>Parsing helpers for chart SVG in tests.</summary>
internal static class SvgTest
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static XElement Parse(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(Ns + "svg", root.Name);
        return root;
    }

    public static bool HasClass(XElement e, string cssClass) =>
        ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true;

    public static IEnumerable<XElement> WithClass(XElement root, string cssClass) =>
        root.Descendants().Where(e => HasClass(e, cssClass));

    public static double Num(XElement e, string attribute) =>
        double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    /// <summary>The plot area (left, top, right, bottom) a chart marks with class="plot-area".</summary>
    public static (double Left, double Top, double Right, double Bottom) PlotArea(XElement root)
    {
        var rect = WithClass(root, "plot-area").Single();
        double x = Num(rect, "x"), y = Num(rect, "y");
        return (x, y, x + Num(rect, "width"), y + Num(rect, "height"));
    }

    /// <summary>The subpaths of an SVG path's d attribute (M ... L ...), as lists of points.</summary>
    public static List<List<(double X, double Y)>> Subpaths(string d)
    {
        var result = new List<List<(double X, double Y)>>();
        foreach (var part in d.Split('M', StringSplitOptions.RemoveEmptyEntries))
        {
            var numbers = part.Replace("L", " ").Replace("h0", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(numbers.Length % 2 == 0, $"odd coordinate count in subpath \"{part}\"");
            result.Add([.. Enumerable.Range(0, numbers.Length / 2).Select(i => (numbers[2 * i], numbers[2 * i + 1]))]);
        }
        return result;
    }

    public static List<string> Texts(XElement root, string cssClass) =>
        [.. WithClass(root, cssClass).Select(e => e.Value)];
}
