namespace AlgoLens.Reports.Charts;

/// <summary>
/// A shaded vertical band across the plot from x = <paramref name="Start"/> to <paramref name="End"/>,
/// labelled at the top, e.g. a phase of grokking ("memorisation 0–1.4k").
/// </summary>
/// <param name="Start">x where the band begins (clamped to the axis).</param>
/// <param name="End">x where the band ends (clamped to the axis).</param>
/// <param name="Label">Text at the top of the band; empty for none.</param>
/// <param name="Color">Fill colour; null for a light tint that differs from the neighbouring bands.</param>
public sealed record ChartBand(double Start, double End, string Label, string? Color = null);
