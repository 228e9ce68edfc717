using AlgoLens.Analysis.Progress;
using AlgoLens.Reports.Charts;
using AlgoLens.Training;

namespace AlgoLens.Reports;

/// <summary>The figures of a grokking report, each built from a run's metrics, its progress measures or the final-model artefact of <c>analyze</c>.</summary>
internal static class GrokkingFigures
{
    public static LineChart Losses(IReadOnlyList<MetricsRow> metrics, Phases phases) =>
        Curves("Train and test loss", "cross-entropy", log: true, metrics, r => r.Step, phases,
            ("train", r => r.TrainLoss, false), ("test", r => r.TestLoss, false));

    public static LineChart Accuracy(IReadOnlyList<MetricsRow> metrics, Phases phases) =>
        Curves("Accuracy", "accuracy", log: false, metrics, r => r.Step, phases,
            ("train", r => r.TrainAccuracy, false), ("test", r => r.TestAccuracy, false));

    public static LineChart RestrictedExcluded(IReadOnlyList<ProgressRow> rows, Phases phases) =>
        Curves("Restricted and excluded loss (final key frequencies)", "cross-entropy", log: true, rows, r => r.Step, phases,
            ("test loss", r => r.TestLoss, false), ("restricted loss (all data)", r => r.RestrictedLoss, false),
            ("excluded loss (train)", r => r.ExcludedLoss, false), ("train loss", r => r.TrainLoss, true));

    public static LineChart Gini(IReadOnlyList<ProgressRow> rows, Phases phases) =>
        Curves("Gini coefficient of Fourier norms", "Gini", log: false, rows, r => r.Step, phases,
            ("W_E", r => r.GiniEmbedding, false), ("W_L = W_out·W_U", r => r.GiniNeuronLogitMap, false));

    public static LineChart SquaredWeights(IReadOnlyList<ProgressRow> rows, Phases phases) =>
        Curves("Total sum of squared weights", "Σ w²", log: false, rows, r => r.Step, phases, ("Σ w²", r => r.SumSquaredWeights, false));

    public static LineChart MechanismShares(IReadOnlyList<ProgressRow> rows, Phases phases, string ab = "a+b") =>
        Curves("How much of the model the Fourier circuit explains", "share", log: false, rows, r => r.Step, phases,
            ("embedding norm in key freqs", r => r.EmbeddingShareInKeyFrequencies, false),
            ("neurons explained (≥85%)", r => r.NeuronsExplainedFraction, false),
            ($"logit variance by Σ α cos(w({ab}−c))", r => r.LogitVarianceExplained, false));

    // A chart of per-step curves, one series per (name, value, dashed), with the phases marked.
    internal static LineChart Curves<T>(string title, string yTitle, bool log, IReadOnlyList<T> rows, Func<T, int> step, Phases phases, params (string Name, Func<T, double> Value, bool Dashed)[] series)
    {
        var chart = new LineChart { Title = title };
        chart.XAxis.Title = "step";
        chart.YAxis.Title = yTitle;
        if (log)
        {
            chart.YAxis.Scale = AxisScale.Log10;
        }
        var steps = rows.Select(r => (double)step(r)).ToArray();
        foreach (var (name, value, dashed) in series)
        {
            chart.Add(name, steps, rows.Select(value).ToArray(), dashed: dashed);
        }
        return WithPhases(chart, phases, rows.Count == 0 ? 0 : step(rows[^1]));
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

    private static LineChart WithPhases(LineChart chart, Phases phases, int lastStep)
    {
        // A phase that takes no steps (a run stopped or diverged at its first checkpoint) has no band.
        void Band(int start, int end, string label)
        {
            if (end > start)
            {
                chart.AddBand(start, end, label);
            }
        }
        if (phases.MemorisationEnd is { } m)
        {
            Band(0, m, "memorisation");
            if (phases.CleanupStart is { } c)
            {
                Band(m, c, "circuit formation");
                Band(c, phases.CleanupEnd ?? lastStep, "cleanup");
            }
        }
        if (phases.GrokStep is { } g)
        {
            chart.AddMarker(g, "test acc ≥ 99%");
        }
        return chart;
    }
}
