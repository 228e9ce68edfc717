using System.Globalization;
using System.Text.Json;
using AlgoLens.Analysis.Lottery;
using AlgoLens.Common;
using AlgoLens.Reports.Charts;
using AlgoLens.Reports.Html;

namespace AlgoLens.Reports;

/// <summary>
/// The report's lottery-ticket section, from RUN_DIR/analysis/lottery.json that <c>algolens prune</c>
/// wrote: final test accuracy against sparsity for the tickets, the random-mask controls and the
/// dense run; the step test accuracy reached 99% (where the grokking analysis applies); and a table
/// with each ticket's key frequencies and survivors per parameter. A file that cannot be read gets
/// the section with the reason, so it never stops the report.
/// </summary>
public static class LotterySection
{
    /// <summary>RUN_DIR/analysis/lottery.json.</summary>
    public static string PathOf(string runDirectory) => Path.Combine(runDirectory, "analysis", LotteryResult.FileName);

    /// <summary>Adds the section when the run has a lottery.json; returns whether it did.</summary>
    public static bool Add(HtmlReport report, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        string path = PathOf(runDirectory);
        if (!File.Exists(path))
        {
            return false;
        }
        var section = report.AddSection("Lottery tickets");
        LotteryResult? result;
        try
        {
            result = JsonSerializer.Deserialize<LotteryResult>(File.ReadAllText(path), JsonFiles.Options);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            result = null;
            section.Paragraph($"Not drawn: analysis/{LotteryResult.FileName} could not be read ({e.Message}). Run `algolens prune RUN_DIR --sparsity ...` again to rewrite it.");
        }
        if (result is { Tickets.Count: > 0 })
        {
            Draw(section, result);
        }
        else if (result is not null)
        {
            section.Paragraph($"analysis/{LotteryResult.FileName} holds no ticket to draw.");
        }
        return true;
    }

    private static void Draw(HtmlSection section, LotteryResult result)
    {
        section.Paragraph($"Tickets found by {(result.Rounds == 1 ? "one-shot" : $"{result.Rounds} rounds of iterative")} {result.Scope} magnitude pruning of {string.Join(", ", result.Prunable)}, "
            + $"each trained from the dense run's weights at step {result.RewindStep} under its mask; the control keeps as many weights per parameter at random positions, from the same weights.");
        double[] x = [.. result.Tickets.Select(t => 100 * t.Sparsity)];
        var accuracy = new LineChart();
        accuracy.XAxis.Title = "sparsity (% of prunable weights removed)";
        accuracy.YAxis.Title = "final test accuracy";
        accuracy.YAxis.Min = 0;
        accuracy.YAxis.Max = 1;
        accuracy.Add("ticket", x, [.. result.Tickets.Select(t => t.Ticket.TestAccuracy)]);
        accuracy.Add("random mask", x, [.. result.Tickets.Select(t => t.Random.TestAccuracy)]);
        accuracy.Add("dense", [0, x.Max()], [result.Dense.TestAccuracy, result.Dense.TestAccuracy], dashed: true);
        section.Figure(accuracy, "Final test accuracy of the tickets and of random masks of the same per-parameter sparsity; dashed: the dense run.", "lottery-accuracy");
        if (result.GrokkingApplies)
        {
            var grok = new LineChart();
            grok.XAxis.Title = "sparsity (% of prunable weights removed)";
            grok.YAxis.Title = "step test accuracy ≥ 99%";
            AddPoints(grok, "ticket", result.Tickets.Select(t => (100 * t.Sparsity, t.Ticket.GrokkingStep)));
            AddPoints(grok, "random mask", result.Tickets.Select(t => (100 * t.Sparsity, t.Random.GrokkingStep)));
            if (result.Dense.GrokkingStep is { } dense)
            {
                grok.Add("dense", [0, x.Max()], [dense, dense], dashed: true);
            }
            if (grok.Series.Count > 0)
            {
                section.Figure(grok, "The grokking step (first logged step with test accuracy ≥ 99%) of each run that got there; a run missing at a sparsity never did. Dashed: the dense run.", "lottery-grokking");
            }
        }
        var table = new HtmlTable(["run", "sparsity", "test accuracy", "grokking step", "key frequencies", "W_E in dense keys", .. result.Prunable.Select(p => $"kept {p}")])
        {
            Caption = "Each ticket and control at its final step. W_E in dense keys: the share of the embedding's squared norm (Fourier basis over the tokens) in the dense run's key frequencies. Kept: the fraction of each pruned parameter's entries the mask keeps.",
        };
        Row(table, "dense", result.Dense, result);
        foreach (var t in result.Tickets)
        {
            Row(table, "ticket", t.Ticket, result);
            Row(table, "random mask", t.Random, result);
        }
        section.Table(table);
    }

    private static void AddPoints(LineChart chart, string name, IEnumerable<(double X, int? Step)> points)
    {
        var reached = points.Where(p => p.Step is not null).ToList();
        if (reached.Count > 0)
        {
            chart.Add(name, [.. reached.Select(p => p.X)], [.. reached.Select(p => (double)p.Step!.Value)]);
        }
    }

    private static void Row(HtmlTable table, string kind, LotteryRun run, LotteryResult result)
    {
        TableCell[] kept = [.. result.Prunable.Select(p => run.Survivors is { } s && s.TryGetValue(p, out double f) ? new TableCell(f, "P1") : new TableCell("1"))];
        table.AddRow([
            kind,
            run.Sparsity.ToString("P1", CultureInfo.InvariantCulture),
            new TableCell(run.TestAccuracy, "F4"),
            !result.GrokkingApplies ? "-" : run.GrokkingStep?.ToString(CultureInfo.InvariantCulture) ?? "never",
            run.KeyFrequencies is { } k ? (k.Count == 0 ? "none" : string.Join(", ", k)) : "-",
            run.EmbeddingShareInDenseKeys is { } share ? new TableCell(share, "P1") : new TableCell("-"),
            .. kept,
        ]);
    }
}
