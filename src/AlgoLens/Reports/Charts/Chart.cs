namespace AlgoLens.Reports.Charts;

/// <summary>
/// A chart that renders itself as self-contained SVG markup (no external fonts, scripts or ids
/// shared between charts), ready to inline in an HTML page or to place in a <see cref="ChartGrid"/>.
/// </summary>
public abstract class Chart
{
    /// <summary>Font stack of every chart: the platform's UI font, so nothing is downloaded.</summary>
    public const string FontFamily = "system-ui, sans-serif";

    /// <summary>Width in pixels of the SVG viewport.</summary>
    public double Width { get; set; } = 720;

    /// <summary>Height in pixels of the SVG viewport.</summary>
    public double Height { get; set; } = 360;

    /// <summary>Title drawn above the chart; also its accessible name. Empty for none.</summary>
    public string Title { get; set; } = "";

    /// <summary>The chart as a standalone <c>&lt;svg&gt;</c> element.</summary>
    public string ToSvg()
    {
        var writer = new SvgWriter();
        WriteSvg(writer, null, null);
        return writer.ToString();
    }

    /// <summary>
    /// Writes the chart as an <c>&lt;svg&gt;</c> element, positioned when nested in another SVG. A
    /// nested <c>&lt;svg&gt;</c> keeps its own coordinate system and clips its content, so charts can
    /// be laid out side by side without knowing about each other.
    /// </summary>
    internal void WriteSvg(SvgWriter writer, double? x, double? y)
    {
        Validate();
        BeforeRender();
        if (!(Width > 0 && Height > 0 && double.IsFinite(Width) && double.IsFinite(Height)))
        {
            throw new ArgumentException($"Chart size {Width}×{Height} is not positive and finite; set Width and Height to pixel sizes such as 720×360.");
        }
        writer.Start("svg").Attr("xmlns", "http://www.w3.org/2000/svg");
        if (x is double left && y is double top)
        {
            writer.Attr("x", left).Attr("y", top);
        }
        writer.Attr("width", Width).Attr("height", Height)
            .Attr("viewBox", $"0 0 {SvgWriter.Num(Width)} {SvgWriter.Num(Height)}")
            .Attr("role", "img").Attr("class", $"algolens-chart {Kind}")
            .Attr("font-family", FontFamily).Attr("font-size", 12);
        if (Title.Length > 0)
        {
            writer.Attr("aria-label", Title);
        }
        writer.Open();
        if (Title.Length > 0)
        {
            writer.Start("title").Text(Title, "title");
        }
        writer.Start("rect").Attr("class", "background").Attr("width", Width).Attr("height", Height).Attr("fill", "#ffffff").End();
        Render(writer);
        writer.Close("svg");
    }

    /// <summary>A short class name for the kind of chart (e.g. <c>line-chart</c>), for styling and tests.</summary>
    internal abstract string Kind { get; }

    /// <summary>Throws a clear error if the chart's data cannot be drawn.</summary>
    internal virtual void Validate()
    {
    }

    /// <summary>Settles anything the size depends on, before the size is written.</summary>
    internal virtual void BeforeRender()
    {
    }

    /// <summary>Writes the chart's content in its own coordinates (0,0 top left, Width×Height).</summary>
    internal abstract void Render(SvgWriter writer);

    /// <summary>Writes the title centred at the top; returns the height it took.</summary>
    internal double RenderTitle(SvgWriter writer)
    {
        if (Title.Length == 0)
        {
            return 8;
        }
        writer.Start("text").Attr("class", "chart-title").Attr("x", Width / 2).Attr("y", 20)
            .Attr("text-anchor", "middle").Attr("font-size", 14).Attr("font-weight", "600")
            .Attr("fill", ChartPalette.Ink).Text(Title, "text");
        return 30;
    }
}
