using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Progress;
using AlgoLens.Models;
using AlgoLens.Reports.Charts;
using AlgoLens.Tensors;
using AlgoLens.Training;

namespace AlgoLens.Reports;

/// <summary>The figures of a grokking report, each built from a run's metrics, progress measures or final model.</summary>
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

    public static LineChart MechanismShares(IReadOnlyList<ProgressRow> rows, Phases phases) =>
        Curves("How much of the model the Fourier circuit explains", "share", log: false, rows, r => r.Step, phases,
            ("embedding norm in key freqs", r => r.EmbeddingShareInKeyFrequencies, false),
            ("neurons explained (≥85%)", r => r.NeuronsExplainedFraction, false),
            ("logit variance by Σ α cos(w(a+b−c))", r => r.LogitVarianceExplained, false));

    // A chart of per-step curves, one series per (name, value, dashed), with the phases marked.
    private static LineChart Curves<T>(string title, string yTitle, bool log, IReadOnlyList<T> rows, Func<T, int> step, Phases phases, params (string Name, Func<T, double> Value, bool Dashed)[] series)
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

    public static BarChart EmbeddingNorms(HookedTransformer model, FourierBasis basis, IReadOnlyCollection<int> keys)
    {
        var norms = FrequencyNorms.OfEmbedding(model, basis);
        var chart = new BarChart { Title = "Embedding W_E: norm of each frequency's (cos, sin) pair", CategoryAxisTitle = "frequency k", HighlightName = "key frequencies" };
        chart.ValueAxis.Title = "norm";
        for (int k = 1; k <= basis.Frequencies; k++)
        {
            chart.Add($"{k}", norms[k], highlight: keys.Contains(k));
        }
        return chart;
    }

    public static BarChart NeuronsPerFrequency(NeuronFrequencies neurons, IReadOnlyCollection<int> keys)
    {
        var counts = neurons.ExplainedPerFrequency();
        var chart = new BarChart { Title = $"Neurons explained (≥{neurons.Threshold:P0} variance) by each frequency", CategoryAxisTitle = "frequency k", HighlightName = "key frequencies" };
        chart.ValueAxis.Title = "neurons";
        for (int k = 1; k < counts.Length; k++)
        {
            chart.Add($"{k}", counts[k], highlight: keys.Contains(k));
        }
        return chart;
    }

    /// <summary>Each neuron's share of variance per frequency, neurons grouped by their frequency.</summary>
    public static Heatmap NeuronFrequencyShares(NeuronFrequencies neurons)
    {
        var order = Enumerable.Range(0, neurons.Neurons).OrderBy(n => neurons.Frequency[n]).ThenByDescending(n => neurons.Fraction[n]).ToArray();
        var values = new double[neurons.Frequencies, order.Length];
        for (int j = 0; j < order.Length; j++)
        {
            for (int k = 1; k <= neurons.Frequencies; k++)
            {
                values[k - 1, j] = neurons.ShareIn(order[j], k);
            }
        }
        return new Heatmap(values)
        {
            Title = "Share of each neuron's variance in each frequency (neurons grouped by frequency)",
            XTitle = "neuron (sorted)", YTitle = "frequency k", Scale = HeatmapScale.Sequential, Min = 0, Max = 1, SquareCells = false,
            RowLabels = Enumerable.Range(1, neurons.Frequencies).Select(k => $"{k}").ToArray(), ColorBarTitle = "share",
        };
    }

    /// <summary>Per head, the attention from '=' to the first operand a, over the (a, b) grid.</summary>
    public static ChartGrid AttentionToFirstOperand(HookedTransformer model, int p)
    {
        Tensor pattern;
        using (Tensor.NoGrad())
        {
            var (_, cache) = model.RunWithCache(ModularAdditionGrid.Tokens(p), n => n == "blocks.0.attn.hook_pattern", outputPositions: [2]);
            pattern = cache["blocks.0.attn.hook_pattern"].Clone(); // [p², head, 1, 3] (the last block computes only the '=' query)
        }
        var grid = new ChartGrid { Columns = Math.Min(4, model.Config.NHeads) };
        int heads = model.Config.NHeads, keys = pattern.Shape[3];
        for (int h = 0; h < heads; h++)
        {
            var values = new double[p, p];
            for (int a = 0; a < p; a++)
            {
                for (int b = 0; b < p; b++)
                {
                    values[a, b] = pattern.Data[((a * p + b) * heads + h) * keys];
                }
            }
            grid.Add(new Heatmap(values) { Title = $"head {h}: attention '=' → a", XTitle = "b", YTitle = "a", Scale = HeatmapScale.Sequential, Min = 0, Max = 1, Width = 300, Height = 300 });
        }
        return grid;
    }

    /// <summary>Norm over outputs c of the 2-D Fourier transform of the logits: which (x, y) components the logits use.</summary>
    public static Heatmap LogitFourier(FourierBasis basis, Tensor logits)
    {
        var transformed = FourierTransform.Grid(basis, logits); // [p, p, p]
        int p = basis.P;
        var values = new double[p, p];
        for (int x = 0; x < p; x++)
        {
            for (int y = 0; y < p; y++)
            {
                double sum = 0;
                for (int c = 0; c < p; c++)
                {
                    double v = transformed.Data[(x * p + y) * p + c];
                    sum += v * v;
                }
                values[x, y] = Math.Sqrt(sum);
            }
        }
        var names = basis.RowNames();
        return new Heatmap(values)
        {
            Title = "Logits in the 2-D Fourier basis (norm over outputs c)", XTitle = "b component", YTitle = "a component",
            Scale = HeatmapScale.Sequential, RowLabels = names, ColumnLabels = names, ColorBarTitle = "norm",
        };
    }

    /// <summary>
    /// The 2-D Fourier spectrum of the strongest neuron of each key frequency (of the three most
    /// single-frequency neurons' frequencies when the model has no key frequency yet).
    /// </summary>
    public static ChartGrid NeuronFourier(FourierBasis basis, Tensor activations, NeuronFrequencies neurons, IReadOnlyList<int> keys)
    {
        if (keys.Count == 0)
        {
            keys = Enumerable.Range(0, neurons.Neurons).OrderByDescending(n => neurons.Fraction[n])
                .Select(n => neurons.Frequency[n]).Where(k => k > 0).Distinct().Take(3).ToArray();
        }
        int p = basis.P, width = activations.Shape[1];
        var transformed = FourierTransform.Grid(basis, activations); // [p, p, d_mlp]
        var grid = new ChartGrid { Columns = Math.Min(3, Math.Max(1, keys.Count)) };
        var names = basis.RowNames();
        foreach (int k in keys)
        {
            var candidates = Enumerable.Range(0, neurons.Neurons).Where(n => neurons.Frequency[n] == k).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }
            int neuron = candidates.MaxBy(n => neurons.Fraction[n]);
            var values = new double[p, p];
            for (int x = 0; x < p; x++)
            {
                for (int y = 0; y < p; y++)
                {
                    values[x, y] = x == 0 && y == 0 ? 0 : Math.Abs(transformed.Data[(x * p + y) * width + neuron]);
                }
            }
            grid.Add(new Heatmap(values)
            {
                Title = $"neuron {neuron} (k = {k}, {neurons.Fraction[neuron]:P0})", XTitle = "b component", YTitle = "a component",
                Scale = HeatmapScale.Sequential, RowLabels = names, ColumnLabels = names, Width = 320, Height = 320,
            });
        }
        return grid;
    }

    private static LineChart WithPhases(LineChart chart, Phases phases, int lastStep)
    {
        if (phases.MemorisationEnd is { } m)
        {
            chart.AddBand(0, m, "memorisation");
            if (phases.CleanupStart is { } c)
            {
                chart.AddBand(m, c, "circuit formation");
                chart.AddBand(c, phases.CleanupEnd ?? lastStep, "cleanup");
            }
        }
        if (phases.GrokStep is { } g)
        {
            chart.AddMarker(g, "test acc ≥ 99%");
        }
        return chart;
    }
}
