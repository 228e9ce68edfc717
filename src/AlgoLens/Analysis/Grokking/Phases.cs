using AlgoLens.Analysis.Measures;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// The phases of grokking read off the progress measures, with operational definitions (Nanda et
/// al. describe the phases; these rules locate them on any run):
/// memorisation ends at the test-loss peak; circuit formation ends, and cleanup begins, at the
/// excluded-loss peak after it (the model stops leaning on memorisation); cleanup ends when the
/// Gini coefficient of W_E's Fourier norms has covered 95% of its rise from the start of cleanup
/// to the end of the run. Steps are checkpoint steps; null when the run never got there.
/// </summary>
public sealed record Phases(int? MemorisationEnd, int? CleanupStart, int? CleanupEnd, int? GrokStep)
{
    /// <summary>Share of the Gini rise that marks the end of cleanup.</summary>
    public const double CleanupGiniShare = 0.95;

    /// <summary>Reads the phases off the rows (ascending steps).</summary>
    public static Phases Detect(IReadOnlyList<ProgressRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return new Phases(null, null, null, null);
        }
        var peak = rows.MaxBy(r => r.TestLoss)!;
        int? grok = rows.FirstOrDefault(r => r.TestAccuracy >= 0.99)?.Step;
        var after = rows.Where(r => r.Step >= peak.Step).ToList();
        var excludedPeak = after.MaxBy(r => r.ExcludedLoss);
        int? cleanupStart = excludedPeak is not null && excludedPeak.Step > peak.Step && grok is not null ? excludedPeak.Step : null;
        int? cleanupEnd = null;
        if (cleanupStart is { } start)
        {
            double from = rows.First(r => r.Step == start).GiniEmbedding;
            double to = rows[^1].GiniEmbedding;
            if (to > from)
            {
                cleanupEnd = rows.FirstOrDefault(r => r.Step >= start && r.GiniEmbedding >= from + CleanupGiniShare * (to - from))?.Step;
            }
        }
        return new Phases(peak.Step, cleanupStart, cleanupEnd, grok);
    }

    /// <summary>
    /// The phases as marks on the step axis, for every training curve of the report: memorisation,
    /// circuit formation and cleanup shaded, the step test accuracy reached 99% marked.
    /// </summary>
    public StepAnnotations ToStepAnnotations()
    {
        var spans = new List<StepSpan>();
        if (MemorisationEnd is { } m)
        {
            spans.Add(new StepSpan(0, m, "memorisation"));
            if (CleanupStart is { } c)
            {
                spans.Add(new StepSpan(m, c, "circuit formation"));
                spans.Add(new StepSpan(c, CleanupEnd, "cleanup"));
            }
        }
        StepMarker[] markers = GrokStep is { } g ? [new StepMarker(g, "test acc ≥ 99%")] : [];
        string caption = (spans.Count > 0 ? "Shaded: the phases of grokking read off the progress measures (memorisation, circuit formation, cleanup)." : "")
            + (markers.Length > 0 ? " The dashed line: test accuracy reaches 99%." : "");
        return new StepAnnotations(spans, markers, caption.Trim());
    }
}
