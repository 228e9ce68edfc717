using System.Globalization;
using AlgoLens.Analysis.Measures;
using AlgoLens.Reports.Charts;
using AlgoLens.Reports.Html;
using AlgoLens.Training;

namespace AlgoLens.Reports;

/// <summary>
/// The sections every run's report has, each present when its measure ran: training curves, weight
/// norms, attention entropy, and which measures ran or did not apply.
/// </summary>
internal static class GeneralSections
{
    /// <summary>Loss and each task metric per split: from metrics.csv (every logged step), else from measures.csv.</summary>
    public static void AddTraining(HtmlReport report, RunInfo info, IReadOnlyList<MetricsRow> metrics, MeasureTable table)
    {
        var section = report.AddSection("Training");
        double[] steps;
        Func<string, double[]?> column;
        if (metrics.Count > 0)
        {
            steps = metrics.Select(r => (double)r.Step).ToArray();
            column = name => metrics[0].Has(name) ? metrics.Select(r => r[name]).ToArray() : null;
        }
        else
        {
            steps = table.Steps.Select(s => (double)s).ToArray();
            column = name => table.Has(name) ? table.Column(name) : null;
        }
        var names = metrics.Count > 0 ? metrics[0].Columns : table.Columns;
        var kinds = names.Where(n => n.StartsWith("train_", StringComparison.Ordinal)).Select(n => n["train_".Length..])
            .Where(kind => names.Contains("test_" + kind)).ToArray();
        foreach (string kind in kinds)
        {
            var chart = new LineChart { Title = kind == "loss" ? "Train and test loss" : $"Train and test {kind.Replace('_', ' ')}" };
            chart.XAxis.Title = "step";
            chart.YAxis.Title = kind.Replace('_', ' ');
            var train = column("train_" + kind)!;
            var test = column("test_" + kind)!;
            if (kind == "loss" && train.Concat(test).All(v => v > 0))
            {
                chart.YAxis.Scale = AxisScale.Log10;
            }
            chart.Add("train", steps, train).Add("test", steps, test);
            section.Figure(chart, kind == "loss" ? $"Train and test loss of task '{info.Task}'." : $"Train and test {kind.Replace('_', ' ')}.", kind == "loss" ? "losses" : kind.Replace('_', '-'));
        }
    }

    /// <summary>Weight norms per component and attention entropy per head, when those measures ran.</summary>
    public static void AddModel(HtmlReport report, RunAnalysis analysis, MeasureTable table)
    {
        var steps = table.Steps.Select(s => (double)s).ToArray();
        if (analysis.Ran.FirstOrDefault(m => m.Name == "weight_norms") is { } norms)
        {
            const string Prefix = "sum_squared_weights.";
            var components = norms.Columns.Where(c => c.StartsWith(Prefix, StringComparison.Ordinal) && !c.StartsWith(Prefix + "role.", StringComparison.Ordinal)).ToArray();
            var chart = new LineChart { Title = "Sum of squared weights per component" };
            chart.XAxis.Title = "step";
            chart.YAxis.Title = "Σ w²";
            foreach (string c in components)
            {
                chart.Add(c[Prefix.Length..], steps, table.Column(c));
            }
            if (components.All(c => table.Column(c).All(v => v > 0)))
            {
                chart.YAxis.Scale = AxisScale.Log10; // components differ by orders of magnitude
            }
            report.AddSection("Weight norms")
                .Paragraph($"Σ w² at the last analysed step: {table.Column("sum_squared_weights")[^1].ToString("G4", CultureInfo.InvariantCulture)} in total. Under weight decay a component the model stops using shrinks fastest.")
                .Figure(chart, "Sum of squared weights of each component's parameters (log scale).", "weight-norms");
        }
        if (analysis.Ran.FirstOrDefault(m => m.Name == "attention_entropy") is { } entropy && entropy.Columns.Count > 0)
        {
            var chart = new LineChart { Title = "Attention entropy per head" };
            chart.XAxis.Title = "step";
            chart.YAxis.Title = "entropy (nats)";
            foreach (string c in entropy.Columns)
            {
                chart.Add(c["attention_entropy.".Length..], steps, table.Column(c));
            }
            report.AddSection("Attention")
                .Paragraph($"Mean entropy of each head's attention at the positions where the task reads its answer, over the first {AttentionEntropyMeasure.SampleSize} test examples: ln(n) is uniform attention over n tokens, 0 attention to one token.")
                .Figure(chart, "Attention entropy per head (L layer, H head): a falling curve is a head that learns where to look.", "attention-entropy");
        }
    }

    /// <summary>Which measures ran, and which did not apply and why.</summary>
    public static void AddAnalysis(HtmlReport report, RunAnalysis analysis)
    {
        var table = new HtmlTable("measure", "what", "result");
        foreach (var m in analysis.Ran)
        {
            table.AddRow(m.Name, m.Description, $"{m.Columns.Count} columns in measures.csv" + (m.Artefacts.Count > 0 ? $"; {string.Join(", ", m.Artefacts)}" : ""));
        }
        foreach (var m in analysis.Skipped)
        {
            table.AddRow(m.Name, "not applicable", m.Reason);
        }
        report.AddSection("Measures")
            .Paragraph($"algolens analyze measured {analysis.Steps.Count} checkpoints (steps {analysis.Steps[0]} to {analysis.FinalStep}) in {analysis.Seconds:F1} s.")
            .Table(table);
    }
}
