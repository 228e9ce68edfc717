using AlgoLens.Analysis.Measures;
using AlgoLens.Reports.Html;

namespace AlgoLens.Reports;

/// <summary>The report's list of the measures: which ran (with their columns and files), which did not apply and why.</summary>
internal static class MeasureListSection
{
    public static void Add(HtmlReport report, RunAnalysis analysis)
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
