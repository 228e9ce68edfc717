using System.Globalization;
using AlgoLens.Reports.Charts;
using AlgoLens.Reports.Html;

namespace AlgoLens.Reports;

/// <summary>
/// The report's patching sections, one per RUN_DIR/analysis/patching-METHOD.json that
/// <c>algolens patch</c> wrote: the normalised effect of each head as a [layer × head] heatmap
/// (the MLPs as a last column), and of the residual stream at each position as a
/// [layer × position] heatmap where the sweep has it, on a diverging scale centred at 0. A file
/// that cannot be read gets its section with the reason instead of figures, so one damaged file
/// never stops the report.
/// </summary>
public static class PatchingSection
{
    /// <summary>Adds a section per patching file of <paramref name="runDirectory"/>; returns how many it added.</summary>
    public static int Add(HtmlReport report, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        int added = 0;
        foreach (string method in PatchingFile.Methods)
        {
            string path = PatchingFile.PathOf(runDirectory, method);
            if (!File.Exists(path))
            {
                continue;
            }
            var section = report.AddSection($"{char.ToUpperInvariant(method[0])}{method[1..]} patching");
            added++;
            PatchingFile file;
            try
            {
                file = PatchingFile.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                section.Paragraph($"Not drawn: {Path.Combine("analysis", Path.GetFileName(path))} could not be read: {e.Message}. Run `algolens patch RUN_DIR --clean ... --corrupt ... --method {method}` again to rewrite it.");
                continue;
            }
            Draw(section, file, method);
        }
        return added;
    }

    private static void Draw(HtmlSection section, PatchingFile file, string method)
    {
        string caption = Caption(file);
        section.Paragraph(Explain(file.Method)
            + " A cell is the normalised effect (patched − corrupt) / (clean − corrupt): 1 (red) restores the clean metric, 0 (white) changes nothing, below 0 (blue) moves it further from clean; grey, not patched or undefined.");
        var heads = file.Effects.Where(e => e.Position is null).ToList();
        var positions = file.Effects.Where(e => e.Position is not null && e.Head is null).ToList();
        if (heads.Count == 0 && positions.Count == 0)
        {
            section.Paragraph("The file holds no effect of a head, an MLP or a residual position to draw.");
            return;
        }
        if (heads.Count > 0)
        {
            section.Figure(HeadMap(heads), $"Heads (and MLPs) by layer. {caption}", $"patching-{method}-heads");
        }
        if (positions.Count > 0)
        {
            section.Figure(PositionMap(positions), $"The residual stream entering each layer, by position. {caption}", $"patching-{method}-resid");
        }
    }

    // [layer × head], the MLPs as one more column when the sweep has them.
    private static Heatmap HeadMap(IReadOnlyList<PatchingFileEffect> effects)
    {
        int layers = effects.Max(e => e.Layer!.Value) + 1;
        int heads = effects.Where(e => e.Head is not null).Select(e => e.Head!.Value + 1).DefaultIfEmpty(0).Max();
        bool mlps = effects.Any(e => e.Head is null);
        int columns = heads + (mlps ? 1 : 0);
        var labels = Enumerable.Range(0, heads).Select(h => $"H{h}").ToList();
        if (mlps)
        {
            labels.Add("MLP");
        }
        return Map(effects, layers, columns, e => e.Head ?? heads, labels, "head");
    }

    private static Heatmap PositionMap(IReadOnlyList<PatchingFileEffect> effects)
    {
        int layers = effects.Max(e => e.Layer!.Value) + 1;
        int positions = effects.Max(e => e.Position!.Value) + 1;
        return Map(effects, layers, positions, e => e.Position!.Value, [.. Enumerable.Range(0, positions).Select(p => p.ToString(CultureInfo.InvariantCulture))], "position");
    }

    private static Heatmap Map(IReadOnlyList<PatchingFileEffect> effects, int rows, int columns, Func<PatchingFileEffect, int> column, IReadOnlyList<string> columnLabels, string xTitle)
    {
        var values = new double[rows, columns];
        var titles = new string[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                values[r, c] = double.NaN;
                titles[r, c] = "";
            }
        }
        foreach (var e in effects)
        {
            int r = e.Layer!.Value, c = column(e);
            values[r, c] = e.Normalized;
            titles[r, c] = $"{e.Component}: normalised effect {Format(e.Normalized)}, patched metric {Format(e.Value)}";
        }
        // Cells of about 36 px where they fit, the grid at least as wide as its labels need.
        return new Heatmap(values)
        {
            Scale = HeatmapScale.Diverging,
            RowLabels = [.. Enumerable.Range(0, rows).Select(l => $"L{l}")],
            ColumnLabels = columnLabels,
            CellTitles = titles,
            XTitle = xTitle,
            YTitle = "layer",
            ColorBarTitle = "normalised effect",
            Rendering = HeatmapRendering.Rectangles,
            Width = Math.Clamp(150 + columns * 36, 320, 960),
            Height = Math.Clamp(110 + rows * 36, 200, 640),
        };
    }

    private static string Caption(PatchingFile file)
    {
        var parts = new List<string> { $"{Describe(file.Method)}, metric {file.Metric}" };
        if (file.Position is int position)
        {
            parts[0] += $" read at position {position}";
        }
        if (file.Step is int step)
        {
            parts.Add($"step {step}");
        }
        parts.Add($"clean {Format(file.MetricClean)}, corrupt {Format(file.MetricCorrupt)}");
        if (file.Answer is { Count: > 0 } answer)
        {
            parts.Add($"inputs: {answer.Count} clean/corrupt pair{(answer.Count == 1 ? "" : "s")}, answer token{(answer.Count == 1 ? "" : "s")} {Tokens(answer)}"
                + (file.Wrong is { Count: > 0 } wrong ? $" against wrong {Tokens(wrong)}" : ""));
        }
        if (file.Receivers is { Count: > 0 } receivers)
        {
            parts.Add($"receivers {string.Join(", ", receivers)}");
        }
        string caption = string.Join("; ", parts) + ".";
        return char.ToUpperInvariant(caption[0]) + caption[1..];
    }

    private static string Explain(string method) => method switch
    {
        "activation" => "Activation patching: the corrupt input run with one component's activation taken from the clean run.",
        "attribution" => "Attribution patching: the first-order estimate of activation patching, metric(corrupt) + Σ (clean − corrupt activation) · ∂metric/∂activation, the gradient taken at the corrupt run.",
        "path" => "Path patching: each head's clean output let into the corrupt run only along its direct paths into the receivers.",
        _ => $"{method} patching.",
    };

    private static string Describe(string method) => method switch
    {
        "activation" => "activation patching",
        "attribution" => "attribution patching, the first-order estimate",
        "path" => "path patching, each head's direct paths into the receivers",
        _ => $"{method} patching",
    };

    // The first few ids: a sweep over 64 sequences would otherwise fill the caption.
    private static string Tokens(IReadOnlyList<int> ids) =>
        string.Join(", ", ids.Take(8).Select(i => i.ToString(CultureInfo.InvariantCulture))) + (ids.Count > 8 ? $", … ({ids.Count})" : "");

    private static string Format(double value) => double.IsNaN(value) ? "undefined" : value.ToString("G4", CultureInfo.InvariantCulture);
}
