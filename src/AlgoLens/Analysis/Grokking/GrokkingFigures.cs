using AlgoLens.Analysis.Measures;
using AlgoLens.Reports.Charts;

namespace AlgoLens.Analysis.Grokking;

/// <summary>The figures of the grokking measure's report section, each built from its progress rows or its final-model artefact.</summary>
internal static class GrokkingFigures
{
    public static LineChart RestrictedExcluded(IReadOnlyList<ProgressRow> rows, StepAnnotations phases) =>
        Curves("Restricted and excluded loss (final key frequencies)", "cross-entropy", log: true, rows, phases,
            ("test loss", r => r.TestLoss, false), ("restricted loss (all data)", r => r.RestrictedLoss, false),
            ("excluded loss (train)", r => r.ExcludedLoss, false), ("train loss", r => r.TrainLoss, true));

    public static LineChart Gini(IReadOnlyList<ProgressRow> rows, StepAnnotations phases) =>
        Curves("Gini coefficient of Fourier norms", "Gini", log: false, rows, phases,
            ("W_E", r => r.GiniEmbedding, false), ("W_L = W_out·W_U", r => r.GiniNeuronLogitMap, false));

    public static LineChart SquaredWeights(IReadOnlyList<ProgressRow> rows, StepAnnotations phases) =>
        Curves("Total sum of squared weights", "Σ w²", log: false, rows, phases, ("Σ w²", r => r.SumSquaredWeights, false));

    public static LineChart MechanismShares(IReadOnlyList<ProgressRow> rows, StepAnnotations phases, string ab = "a+b") =>
        Curves("How much of the model the Fourier circuit explains", "share", log: false, rows, phases,
            ("embedding norm in key freqs", r => r.EmbeddingShareInKeyFrequencies, false),
            ("neurons explained (≥85%)", r => r.NeuronsExplainedFraction, false),
            ($"logit variance by Σ α cos(w({ab}−c))", r => r.LogitVarianceExplained, false));

    // A chart of per-step curves, one series per (name, value, dashed), with the phases marked.
    private static LineChart Curves(string title, string yTitle, bool log, IReadOnlyList<ProgressRow> rows, StepAnnotations phases, params (string Name, Func<ProgressRow, double> Value, bool Dashed)[] series)
    {
        var chart = new LineChart { Title = title };
        chart.XAxis.Title = "step";
        chart.YAxis.Title = yTitle;
        if (log)
        {
            chart.YAxis.Scale = AxisScale.Log10;
        }
        var steps = rows.Select(r => (double)r.Step).ToArray();
        foreach (var (name, value, dashed) in series)
        {
            chart.Add(name, steps, rows.Select(value).ToArray(), dashed: dashed);
        }
        return phases.ApplyTo(chart, rows.Count == 0 ? 0 : rows[^1].Step);
    }

    public static BarChart EmbeddingNorms(GrokkingFinalModel final)
    {
        var chart = new BarChart { Title = "Embedding W_E: norm of each frequency's (cos, sin) pair", CategoryAxisTitle = "frequency k", HighlightName = "key frequencies" };
        chart.ValueAxis.Title = "norm";
        for (int k = 1; k < final.EmbeddingNorms.Count; k++)
        {
            chart.Add($"{k}", final.EmbeddingNorms[k], highlight: final.KeyFrequencies.Contains(k));
        }
        return chart;
    }

    public static BarChart NeuronsPerFrequency(GrokkingFinalModel final)
    {
        var counts = final.NeuronsPerFrequency;
        var chart = new BarChart { Title = $"Neurons explained (≥{final.NeuronThreshold:P0} variance) by each frequency", CategoryAxisTitle = "frequency k", HighlightName = "key frequencies" };
        chart.ValueAxis.Title = "neurons";
        for (int k = 1; k < counts.Count; k++)
        {
            chart.Add($"{k}", counts[k], highlight: final.KeyFrequencies.Contains(k));
        }
        return chart;
    }

    /// <summary>Each neuron's share of variance per frequency, neurons grouped by their frequency.</summary>
    public static Heatmap NeuronFrequencyShares(GrokkingFinalModel final)
    {
        var shares = final.NeuronFrequencyShares; // [neuron][k - 1], already grouped
        int frequencies = shares.Count == 0 ? 0 : shares[0].Length;
        var values = new double[frequencies, shares.Count];
        for (int j = 0; j < shares.Count; j++)
        {
            for (int k = 0; k < frequencies; k++)
            {
                values[k, j] = shares[j][k];
            }
        }
        return new Heatmap(values)
        {
            Title = "Share of each neuron's variance in each frequency (neurons grouped by frequency)",
            XTitle = "neuron (sorted)", YTitle = "frequency k", Scale = HeatmapScale.Sequential, Min = 0, Max = 1, SquareCells = false,
            RowLabels = Enumerable.Range(1, frequencies).Select(k => $"{k}").ToArray(), ColorBarTitle = "share",
        };
    }

    /// <summary>Per head, the attention from '=' to the first operand a, over the (a, b) grid.</summary>
    public static ChartGrid AttentionToFirstOperand(GrokkingFinalModel final)
    {
        var heads = final.AttentionToFirstOperand;
        var grid = new ChartGrid { Columns = Math.Min(4, Math.Max(1, heads.Count)) };
        for (int h = 0; h < heads.Count; h++)
        {
            grid.Add(new Heatmap(Grid(heads[h])) { Title = $"head {h}: attention '=' → a", XTitle = "b", YTitle = "a", Scale = HeatmapScale.Sequential, Min = 0, Max = 1, Width = 300, Height = 300 });
        }
        return grid;
    }

    /// <summary>Norm over outputs c of the 2-D Fourier transform of the logits: which (x, y) components the logits use.</summary>
    public static Heatmap LogitFourier(GrokkingFinalModel final) =>
        new(Grid(final.LogitFourier))
        {
            Title = "Logits in the 2-D Fourier basis (norm over outputs c)", XTitle = "b component", YTitle = "a component",
            Scale = HeatmapScale.Sequential, RowLabels = final.BasisNames, ColumnLabels = final.BasisNames, ColorBarTitle = "norm",
        };

    /// <summary>
    /// The 2-D Fourier spectrum of the strongest neuron of each key frequency (of the three most
    /// single-frequency neurons' frequencies when the model has no key frequency yet).
    /// </summary>
    public static ChartGrid NeuronFourier(GrokkingFinalModel final)
    {
        var grid = new ChartGrid { Columns = Math.Min(3, Math.Max(1, final.NeuronSpectra.Count)) };
        foreach (var spectrum in final.NeuronSpectra)
        {
            grid.Add(new Heatmap(Grid(spectrum.Values))
            {
                Title = $"neuron {spectrum.Neuron} (k = {spectrum.Frequency}, {spectrum.Fraction:P0})", XTitle = "b component", YTitle = "a component",
                Scale = HeatmapScale.Sequential, RowLabels = final.BasisNames, ColumnLabels = final.BasisNames, Width = 320, Height = 320,
            });
        }
        return grid;
    }

    // A jagged [row][column] grid from an artefact as the heatmap's rectangular array.
    private static double[,] Grid(IReadOnlyList<double[]> rows)
    {
        int columns = rows.Count == 0 ? 0 : rows[0].Length;
        var values = new double[rows.Count, columns];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                values[r, c] = rows[r][c];
            }
        }
        return values;
    }
}
