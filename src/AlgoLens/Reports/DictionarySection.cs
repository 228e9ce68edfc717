using System.Globalization;
using System.Text.Json;
using AlgoLens.Analysis.Dictionary;
using AlgoLens.Common;
using AlgoLens.Reports.Html;

namespace AlgoLens.Reports;

/// <summary>
/// The report's dictionary-learning section: every RUN_DIR/analysis/dictionary-METHOD-HOOK.json
/// that <c>algolens dictionary</c> wrote, one comparison table per hook and position, a row per
/// method (reconstruction error on the held-out rows, the loss with the reconstruction spliced
/// in against clean and mean ablation, and the ground truth recovered). A file that cannot be
/// read is named with the reason, so one damaged file never stops the report.
/// </summary>
public static class DictionarySection
{
    private const string Prefix = "dictionary-";

    /// <summary>Adds the section when <paramref name="runDirectory"/> has dictionary files; returns whether it did.</summary>
    public static bool Add(HtmlReport report, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        string folder = Path.Combine(runDirectory, "analysis");
        var paths = Directory.Exists(folder)
            ? Directory.GetFiles(folder, Prefix + "*.json").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (paths.Length == 0)
        {
            return false;
        }
        var section = report.AddSection("Dictionary learning");
        section.Paragraph("Each method's k atoms fitted to one hook's activations at one position (one row per example) on a seeded four fifths of the examples, "
            + "and measured on the other fifth: FVU is the fraction of variance its reconstruction leaves unexplained; the losses are the model's with the reconstruction spliced in "
            + "at the hook, clean and with the rows mean-ablated, and \"recovered\" is (mean-ablated − spliced) / (mean-ablated − clean). Ground truth where the run has it: "
            + "the toy model's features (W's columns) matched one-to-one to atoms at |cos| ≥ 0.9, or the grokking model's key frequencies that some single-frequency atom sits on.");
        var results = new List<DictionaryStudyResult>();
        foreach (string path in paths)
        {
            try
            {
                results.Add(JsonSerializer.Deserialize<DictionaryStudyResult>(File.ReadAllText(path), JsonFiles.Options)
                    ?? throw new JsonException("the file holds null"));
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                section.Paragraph($"Not compared: analysis/{Path.GetFileName(path)} could not be read: {e.Message}. Run `algolens dictionary` again to rewrite it.");
            }
        }
        foreach (var group in results.GroupBy(r => (r.Hook, r.Position)).OrderBy(g => g.Key.Hook, StringComparer.Ordinal).ThenBy(g => g.Key.Position))
        {
            section.Table(Table(group.Key.Hook, group.Key.Position, group.OrderBy(r => Rank(r.Method)).ThenBy(r => r.Method, StringComparer.Ordinal).ToList()));
        }
        return true;
    }

    private static HtmlTable Table(string hook, int position, IReadOnlyList<DictionaryStudyResult> rows)
    {
        var table = new HtmlTable("method", "atoms", "FVU (held out)", "loss clean", "loss spliced", "loss mean-ablated", "recovered", "ground truth", "step")
        {
            Caption = $"{hook} at position {position}: {rows[0].Examples} examples × {rows[0].Width}.",
        };
        foreach (var r in rows)
        {
            table.AddRow(r.Method, new TableCell(r.Components, "0"), Cell(r.Fvu), Cell(r.Losses.Clean), Cell(r.Losses.Spliced), Cell(r.Losses.MeanAblated),
                Cell(r.Losses.LossRecovered), Truth(r), new TableCell(r.Step, "0"));
        }
        return table;
    }

    private static string Truth(DictionaryStudyResult r)
    {
        if (r.Features is { } f)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{f.Matched} of {f.Count} features at |cos| ≥ {f.Threshold} (mean {f.MeanCosine:F2})");
        }
        if (r.Frequencies is { } q)
        {
            return $"key frequencies {string.Join(", ", q.Recovered)} of {string.Join(", ", q.KeyFrequencies)}; {q.SingleFrequencyAtoms} single-frequency atoms";
        }
        return "–";
    }

    private static TableCell Cell(double value) => double.IsFinite(value) ? new TableCell(value, "G4") : new TableCell("–");

    private static int Rank(string method)
    {
        int i = DictionaryMethods.Names.ToList().IndexOf(method);
        return i >= 0 ? i : method == "sae" ? DictionaryMethods.Names.Count : int.MaxValue;
    }
}
