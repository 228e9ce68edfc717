namespace AlgoLens.Reports.Charts;

/// <summary>A dashed vertical line at x = <paramref name="X"/> with a label beside it, e.g. "weight decay on".</summary>
/// <param name="X">Where the line is drawn.</param>
/// <param name="Label">Text beside the line; empty for none.</param>
/// <param name="Color">Line colour; null for dark grey.</param>
public sealed record ChartMarker(double X, string Label, string? Color = null);
