using System.Globalization;
using AlgoLens.Reports.Charts;
using AlgoLens.Reports.Html;

namespace AlgoLens.Reports;

/// <summary>
/// The report's probe sections, one per RUN_DIR/analysis/probe-*.json that <c>algolens probe</c>
/// wrote: the test score of the probe and of its control task at each layer (the curve the Othello
/// papers plot) as a line chart where there are several layers, and a table of every score. A file
/// that cannot be read gets its section with the reason instead, so one damaged file never stops
/// the report.
/// </summary>
public static class ProbeSection
{
    /// <summary>Adds a section per probe file of <paramref name="runDirectory"/>; returns how many it added.</summary>
    public static int Add(HtmlReport report, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        int added = 0;
        foreach (string path in ProbeFile.PathsOf(runDirectory))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            var section = report.AddSection($"Probe: {name["probe-".Length..]}");
            added++;
            ProbeFile file;
            try
            {
                file = ProbeFile.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                section.Paragraph($"Not drawn: {Path.Combine("analysis", Path.GetFileName(path))} could not be read: {e.Message}. Run `algolens probe RUN_DIR --hook ... --feature ...` again to rewrite it.");
                continue;
            }
            Draw(section, file, name.Replace('.', '-')); // a figure id takes no dots
        }
        return added;
    }

    private static void Draw(HtmlSection section, ProbeFile file, string id)
    {
        string score = file.Score == "accuracy" ? "accuracy" : "R²";
        section.Paragraph($"A {(file.Score == "accuracy" ? "logistic" : "ridge")} probe for feature '{file.Feature}' at step {file.Step}, on {file.Rows} (example, position) rows from {file.Examples} examples; "
            + $"its control is the same probe on the feature shuffled across rows, and selectivity = test {score} − control test {score} (Hewitt & Liang 2019): high where the activations hold the feature rather than letting the probe memorise labels.");
        var layered = file.Probes.Where(p => p.Layer is not null).ToList();
        if (layered.Count > 1)
        {
            double[] x = [.. layered.Select(p => (double)p.Layer!.Value)];
            var chart = new LineChart { Width = 640, Height = 320 };
            chart.XAxis.Title = "layer";
            chart.YAxis.Title = score;
            chart.Add($"test {score}", x, [.. layered.Select(p => p.Test)]);
            chart.Add($"control test {score}", x, [.. layered.Select(p => p.ControlTest)], dashed: true);
            chart.Add($"train {score}", x, [.. layered.Select(p => p.Train)]);
            section.Figure(chart, $"Probe {score} for '{file.Feature}' by layer ({Hook(layered)}), step {file.Step}.", id);
        }
        var table = new HtmlTable("layer", "hook", $"train {score}", $"test {score}", $"control test {score}", "selectivity");
        foreach (var p in file.Probes)
        {
            table.AddRow(p.Layer?.ToString(CultureInfo.InvariantCulture) ?? "-", p.FullName, p.Train, p.Test, p.ControlTest, p.Selectivity);
        }
        section.Table(table);
    }

    private static string Hook(IReadOnlyList<ProbeFileEntry> probes) =>
        probes[0].FullName.Replace($"blocks.{probes[0].Layer!.Value.ToString(CultureInfo.InvariantCulture)}.", "blocks.L.", StringComparison.Ordinal);
}
