using System.Globalization;
using AlgoLens.Reports.Charts;

namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// The paper's figures of a toy model of superposition, from its instances' geometry: W's columns in
/// the plane (m = 2), WᵀW per instance, D_i against 1/(1 − S), and the n = 2, m = 1 phase diagram.
/// </summary>
public static class SuperpositionFigures
{
    /// <summary>Most instances drawn one chart each (the small multiples); the rest are left out of those figures.</summary>
    public const int MaxPanels = 24;

    private static string Label(InstanceGeometry g) =>
        string.Create(CultureInfo.InvariantCulture, $"#{g.Instance}: S = {g.Sparsity:0.###}, r = {g.ImportanceDecay:0.###}");

    /// <summary>For m = 2: each instance's features as arrows from the origin in its hidden plane (one panel per instance).</summary>
    public static ChartGrid Columns2D(IReadOnlyList<InstanceGeometry> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var grid = new ChartGrid { Columns = 4, Title = "W's columns in the hidden plane (one arrow per feature)" };
        foreach (var g in instances.Take(MaxPanels))
        {
            double reach = Math.Max(1.1, g.FeatureNorms.DefaultIfEmpty(0).Max() * 1.1);
            var chart = new LineChart { Title = Label(g), Width = 240, Height = 260, ShowLegend = false };
            chart.XAxis.Min = chart.YAxis.Min = -reach;
            chart.XAxis.Max = chart.YAxis.Max = reach;
            for (int i = 0; i < g.Columns.Length; i++)
            {
                double x = g.Columns[i][0], y = g.Columns[i][1];
                // The shaft, then the tip as a dot (a lone point after a gap draws as a round dot).
                chart.Add(new LineSeries($"feature {i}", [0, x, double.NaN, x], [0, y, double.NaN, y]) { StrokeWidth = 2 });
                chart.Add(new LineSeries($"feature {i} tip", [x], [y]) { StrokeWidth = 7, Color = chart.ColorOf(chart.Series.Count - 1) });
            }
            grid.Add(chart);
        }
        return grid.FitToCharts();
    }

    /// <summary>WᵀW of each instance, on one diverging colour scale from −max|WᵀW| to +max|WᵀW|.</summary>
    public static ChartGrid GramHeatmaps(IReadOnlyList<InstanceGeometry> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var shown = instances.Take(MaxPanels).ToArray();
        double range = Math.Max(1e-9, shown.SelectMany(g => g.Gram.SelectMany(r => r)).Select(Math.Abs).DefaultIfEmpty(1).Max());
        var grid = new ChartGrid { Columns = 4, Title = "WᵀW per instance (feature i · feature j)" };
        foreach (var g in shown)
        {
            int n = g.Gram.Length;
            var values = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    values[i, j] = g.Gram[i][j];
                }
            }
            grid.Add(new Heatmap(values)
            {
                Title = Label(g),
                Width = 240,
                Height = 240,
                Scale = HeatmapScale.Diverging,
                Min = -range,
                Max = range,
                XTitle = "feature j",
                YTitle = "feature i",
            });
        }
        return grid.FitToCharts();
    }

    /// <summary>
    /// Every feature's D_i (dots) against 1/(1 − S) on a log axis, with m/‖W‖²_F per instance (the
    /// line), and the paper's fractions 1, 3/4, 2/3, 1/2, 2/5, 3/8 as dashed references.
    /// </summary>
    public static LineChart DimensionalityBySparsity(IReadOnlyList<InstanceGeometry> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var chart = new LineChart { Title = "Feature dimensionality D_i against 1/(1 − S)" };
        chart.XAxis.Title = "1 / (1 − S)";
        chart.XAxis.Scale = AxisScale.Log10;
        chart.YAxis.Title = "D_i";
        chart.YAxis.Min = 0;
        chart.YAxis.Max = 1.1;
        var ordered = instances.OrderBy(g => g.Sparsity).ToArray();
        double lo = 1 / (1 - ordered[0].Sparsity), hi = 1 / (1 - ordered[^1].Sparsity);
        if (hi <= lo)
        {
            hi = lo * 10;
        }
        foreach (var (fraction, name) in new[] { (1.0, "1"), (0.75, "3/4"), (2.0 / 3, "2/3"), (0.5, "1/2"), (0.4, "2/5"), (0.375, "3/8") })
        {
            chart.Add(new LineSeries($"D = {name}", [lo, hi], [fraction, fraction]) { Color = "#BBBBBB", Dashed = true, StrokeWidth = 1 });
        }
        // Dots: one point per feature, NaN between them so that each is its own lone point.
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var g in ordered)
        {
            foreach (double d in g.Dimensionality)
            {
                xs.AddRange([1 / (1 - g.Sparsity), double.NaN]);
                ys.AddRange([d, double.NaN]);
            }
        }
        chart.Add(new LineSeries("D_i of each feature", [.. xs], [.. ys]) { StrokeWidth = 6, Color = "#3B6FB6" });
        chart.Add("m / ‖W‖²_F", [.. ordered.Select(g => 1 / (1 - g.Sparsity))], [.. ordered.Select(g => g.DimensionsPerFeature)], "#222222");
        return chart;
    }

    /// <summary>The n = 2, m = 1 phase diagram as a heatmap: rows relative importance, columns sparsity; cell values index <see cref="PhaseDiagram.Order"/>.</summary>
    public static Heatmap PhaseDiagramChart(PhaseDiagram diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        int rows = diagram.RelativeImportances.Length, columns = diagram.Sparsities.Length;
        var values = new double[rows, columns];
        var titles = new string[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                // Rows top to bottom from the largest importance, as the paper's y axis points up.
                string? phase = diagram.Phases[rows - 1 - r, c];
                values[r, c] = phase is null ? double.NaN : PhaseDiagram.IndexOf(phase);
                titles[r, c] = phase ?? "not trained";
            }
        }
        return new Heatmap(values)
        {
            Title = "Phase diagram, n = 2, m = 1: 0 feature 2 ignored, 1 antipodal, 2 feature 2 dedicated, 3 neither",
            Width = 720,
            Height = 420,
            Min = 0,
            Max = 3,
            SquareCells = false,
            RowLabels = [.. diagram.RelativeImportances.Reverse().Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))],
            ColumnLabels = [.. diagram.Sparsities.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))],
            XTitle = "sparsity S",
            YTitle = "relative importance of feature 2",
            ColorBarTitle = "phase",
            CellTitles = titles,
        };
    }
}
