using AlgoLens.Reports.Charts;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// Run-level marks on the step axis that a measure offers every training curve of the report:
/// shaded spans (the phases of grokking) and marked steps (where test accuracy reached 99%).
/// </summary>
/// <param name="Spans">Shaded spans, in drawing order.</param>
/// <param name="Markers">Marked steps, in drawing order.</param>
/// <param name="Caption">A sentence a figure caption can append to say what the marks are; empty for none.</param>
public sealed record StepAnnotations(IReadOnlyList<StepSpan> Spans, IReadOnlyList<StepMarker> Markers, string Caption)
{
    /// <summary>No marks.</summary>
    public static StepAnnotations None { get; } = new([], [], "");

    /// <summary>Whether there is nothing to draw.</summary>
    public bool IsEmpty => Spans.Count == 0 && Markers.Count == 0;

    /// <summary>These marks followed by <paramref name="other"/>'s (captions joined).</summary>
    public StepAnnotations Concat(StepAnnotations other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.IsEmpty ? this : IsEmpty ? other : new([.. Spans, .. other.Spans], [.. Markers, .. other.Markers], (Caption + " " + other.Caption).Trim());
    }

    /// <summary>
    /// Draws the marks on <paramref name="chart"/>, whose steps end at <paramref name="lastStep"/>
    /// (where an open span ends). A span that covers no steps is left out. Returns the chart.
    /// </summary>
    public LineChart ApplyTo(LineChart chart, int lastStep)
    {
        ArgumentNullException.ThrowIfNull(chart);
        foreach (var span in Spans)
        {
            int end = span.End ?? lastStep;
            if (end > span.Start)
            {
                chart.AddBand(span.Start, end, span.Label);
            }
        }
        foreach (var marker in Markers)
        {
            chart.AddMarker(marker.Step, marker.Label);
        }
        return chart;
    }

    /// <summary>The caption with this annotation's sentence appended, when there is one.</summary>
    public string Captioned(string caption) => Caption.Length == 0 ? caption : caption + " " + Caption;
}

/// <summary>A span of steps from <paramref name="Start"/> to <paramref name="End"/> (null: to the last step drawn).</summary>
/// <param name="Start">First step.</param>
/// <param name="End">Last step; null for the end of the curve.</param>
/// <param name="Label">Its label.</param>
public sealed record StepSpan(int Start, int? End, string Label);

/// <summary>A marked step.</summary>
/// <param name="Step">The step.</param>
/// <param name="Label">Its label.</param>
public sealed record StepMarker(int Step, string Label);
