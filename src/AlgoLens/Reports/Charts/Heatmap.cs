namespace AlgoLens.Reports.Charts;

/// <summary>
/// A heatmap of a rows × columns grid (e.g. 113×113 Fourier components, or one head's attention
/// pattern [q, k]), row 0 at the top, with a colour bar. For [heads, q, k] data, make one heatmap
/// per head and lay them out with a <see cref="ChartGrid"/>.
/// </summary>
/// <example>
/// <code>
/// var map = new Heatmap(pattern) { Title = "head 0", XTitle = "key position", YTitle = "query position" };
/// string svg = map.ToSvg();
/// </code>
/// </example>
public sealed partial class Heatmap : Chart
{
    /// <summary>Cell count up to which <see cref="HeatmapRendering.Auto"/> writes rectangles.</summary>
    public const int AutoRectangleLimit = 1024;

    /// <summary>Creates a heatmap of <paramref name="values"/> [rows, columns]; NaN cells are drawn grey.</summary>
    public Heatmap(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) == 0 || values.GetLength(1) == 0)
        {
            throw new ArgumentException($"A heatmap needs at least one row and one column; got {values.GetLength(0)}×{values.GetLength(1)}.", nameof(values));
        }
        Values = values;
        Width = 480;
        Height = 420;
    }

    /// <summary>The grid [rows, columns].</summary>
    public double[,] Values { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => Values.GetLength(0);

    /// <summary>Number of columns.</summary>
    public int Columns => Values.GetLength(1);

    /// <summary>Diverging (signed data), sequential (non-negative data), or chosen from the data.</summary>
    public HeatmapScale Scale { get; set; } = HeatmapScale.Auto;

    /// <summary>Lower end of the colour range; null to fit the data. A diverging scale uses the larger of |Min| and |Max|.</summary>
    public double? Min { get; set; }

    /// <summary>Upper end of the colour range; null to fit the data.</summary>
    public double? Max { get; set; }

    /// <summary>Labels of the rows (top to bottom), thinned when rows are too short for all of them; null for none.</summary>
    public IReadOnlyList<string>? RowLabels { get; set; }

    /// <summary>Labels of the columns (left to right), rotated and thinned as needed; null for none.</summary>
    public IReadOnlyList<string>? ColumnLabels { get; set; }

    /// <summary>Title under the grid (what the columns are).</summary>
    public string XTitle { get; set; } = "";

    /// <summary>Title left of the grid (what the rows are).</summary>
    public string YTitle { get; set; } = "";

    /// <summary>Title beside the colour bar (what the values are).</summary>
    public string ColorBarTitle { get; set; } = "";

    /// <summary>Whether cells are square (true) or stretched to fill the chart.</summary>
    public bool SquareCells { get; set; } = true;

    /// <summary>
    /// Hover text of each cell [rows, columns] (e.g. its label and exact value), written as the
    /// cell's <c>&lt;title&gt;</c>; null for none. With titles every cell is its own rectangle (equal
    /// neighbours are not merged). An image rendering has no per-cell elements, so it shows none.
    /// </summary>
    public string[,]? CellTitles { get; set; }

    /// <summary>Rectangles, an embedded PNG, or chosen by size.</summary>
    public HeatmapRendering Rendering { get; set; } = HeatmapRendering.Auto;

    internal override string Kind => "heatmap";

    /// <summary>The scale used, with <see cref="HeatmapScale.Auto"/> resolved from the data.</summary>
    public HeatmapScale ResolvedScale()
    {
        if (Scale != HeatmapScale.Auto)
        {
            return Scale;
        }
        foreach (double v in Values)
        {
            if (v < 0)
            {
                return HeatmapScale.Diverging;
            }
        }
        return HeatmapScale.Sequential;
    }

    /// <summary>The colormap used.</summary>
    public Colormap ResolvedColormap() => ResolvedScale() == HeatmapScale.Diverging ? Colormap.Diverging : Colormap.Viridis;

    /// <summary>The value range the colour bar spans: symmetric about 0 when diverging.</summary>
    public (double Min, double Max) ColorRange()
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in Values)
        {
            if (double.IsFinite(v))
            {
                (low, high) = (Math.Min(low, v), Math.Max(high, v));
            }
        }
        if (low > high)
        {
            (low, high) = (0, 1); // nothing finite to show
        }
        if (ResolvedScale() == HeatmapScale.Diverging)
        {
            double limit = Min is null && Max is null
                ? Math.Max(Math.Abs(low), Math.Abs(high))
                : Math.Max(Math.Abs(Min ?? 0), Math.Abs(Max ?? 0));
            return limit > 0 ? (-limit, limit) : (-1, 1);
        }
        double min = Min ?? Math.Min(0, low), max = Max ?? high;
        return max > min ? (min, max) : (min, min + 1);
    }

    /// <summary>The colour of a cell holding <paramref name="value"/> (grey for NaN); values outside the range get the end colours.</summary>
    public Rgb ColorOf(double value)
    {
        if (double.IsNaN(value))
        {
            return Rgb.Parse(ChartPalette.Missing);
        }
        var (min, max) = ColorRange();
        return ResolvedColormap().Map((value - min) / (max - min));
    }

    internal override void Validate()
    {
        if (RowLabels is not null && RowLabels.Count != Rows)
        {
            throw new ArgumentException($"Heatmap \"{Title}\" has {Rows} rows but {RowLabels.Count} row labels; give one label per row or none.");
        }
        if (ColumnLabels is not null && ColumnLabels.Count != Columns)
        {
            throw new ArgumentException($"Heatmap \"{Title}\" has {Columns} columns but {ColumnLabels.Count} column labels; give one label per column or none.");
        }
        if (CellTitles is not null && (CellTitles.GetLength(0) != Rows || CellTitles.GetLength(1) != Columns))
        {
            throw new ArgumentException($"Heatmap \"{Title}\" is {Rows}×{Columns} but has {CellTitles.GetLength(0)}×{CellTitles.GetLength(1)} cell titles; give one per cell or none.");
        }
        if (Min is double min && Max is double max && !(max > min))
        {
            throw new ArgumentException($"Heatmap \"{Title}\" has Min {min} ≥ Max {max}; set Min below Max.");
        }
    }
}
