namespace AlgoLens.Reports.Charts;

/// <summary>
/// Small multiples: several charts laid out in a grid of cells inside one SVG, filled row by row.
/// Each chart keeps its own size and is centred in its cell; a cell is as wide as the widest chart in
/// its column and as tall as the tallest in its row. Grids can be nested.
/// </summary>
/// <example>
/// <code>
/// var grid = new ChartGrid { Columns = 4, Title = "Attention patterns, layer 0" };
/// for (int h = 0; h &lt; 4; h++) { grid.Add(new Heatmap(patterns[h]) { Title = $"head {h}", Width = 240, Height = 220 }); }
/// string svg = grid.ToSvg();
/// </code>
/// </example>
public sealed class ChartGrid : Chart
{
    /// <summary>The charts, in reading order.</summary>
    public IList<Chart> Charts { get; } = new List<Chart>();

    /// <summary>Number of columns.</summary>
    public int Columns { get; set; } = 2;

    /// <summary>Space in pixels between cells.</summary>
    public double Gap { get; set; } = 8;

    /// <summary>
    /// Whether the grid sizes itself to its charts when rendered (the default); set false to keep
    /// <see cref="Chart.Width"/> and <see cref="Chart.Height"/> as given.
    /// </summary>
    public bool AutoSize { get; set; } = true;

    /// <summary>Adds a chart; returns this grid for chaining.</summary>
    public ChartGrid Add(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (ReferenceEquals(chart, this))
        {
            throw new ArgumentException("A chart grid cannot contain itself.", nameof(chart));
        }
        Charts.Add(chart);
        return this;
    }

    /// <summary>Sets <see cref="Chart.Width"/> and <see cref="Chart.Height"/> to fit the charts; returns this grid.</summary>
    public ChartGrid FitToCharts()
    {
        var (columnWidths, rowHeights) = CellSizes();
        Width = Math.Max(1, columnWidths.Sum() + Gap * (columnWidths.Length + 1));
        Height = Math.Max(1, rowHeights.Sum() + Gap * (rowHeights.Length + 1) + TitleHeight());
        return this;
    }

    internal override string Kind => "chart-grid";

    internal override void Validate()
    {
        if (Columns < 1)
        {
            throw new ArgumentException($"ChartGrid \"{Title}\" has {Columns} columns; it needs at least 1.");
        }
        foreach (var chart in Charts)
        {
            chart.Validate();
        }
    }

    internal override void BeforeRender()
    {
        foreach (var chart in Charts)
        {
            chart.BeforeRender();
        }
        if (AutoSize)
        {
            FitToCharts();
        }
    }

    internal override void Render(SvgWriter w)
    {
        double top = TitleHeight() > 0 ? RenderTitle(w) : 0;
        var (columnWidths, rowHeights) = CellSizes();
        double y = top + Gap;
        for (int row = 0; row < rowHeights.Length; row++)
        {
            double x = Gap;
            for (int column = 0; column < Columns; column++)
            {
                int index = row * Columns + column;
                if (index >= Charts.Count)
                {
                    break;
                }
                var chart = Charts[index];
                chart.WriteSvg(w, x + (columnWidths[column] - chart.Width) / 2, y + (rowHeights[row] - chart.Height) / 2);
                x += columnWidths[column] + Gap;
            }
            y += rowHeights[row] + Gap;
        }
    }

    private double TitleHeight() => Title.Length > 0 ? 30 : 0;

    private (double[] ColumnWidths, double[] RowHeights) CellSizes()
    {
        int rows = (Charts.Count + Columns - 1) / Columns;
        var widths = new double[Math.Min(Columns, Charts.Count)];
        var heights = new double[rows];
        for (int i = 0; i < Charts.Count; i++)
        {
            widths[i % Columns] = Math.Max(widths[i % Columns], Charts[i].Width);
            heights[i / Columns] = Math.Max(heights[i / Columns], Charts[i].Height);
        }
        return (widths, heights);
    }
}
