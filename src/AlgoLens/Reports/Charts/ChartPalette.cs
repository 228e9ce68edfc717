namespace AlgoLens.Reports.Charts;

/// <summary>
/// Colours for charts. Series colours are the Okabe–Ito palette, which stays distinguishable under
/// the common forms of colour blindness; yellow goes last because it is faint on white.
/// </summary>
public static class ChartPalette
{
    private static readonly string[] SeriesColors =
    [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow
    ];

    /// <summary>Number of distinct series colours before they repeat.</summary>
    public static int Count => SeriesColors.Length;

    /// <summary>The colour of the series at <paramref name="index"/> (cycles after <see cref="Count"/>).</summary>
    public static string Series(int index) => SeriesColors[((index % Count) + Count) % Count];

    /// <summary>Ordinary bars of a bar chart.</summary>
    public const string Bar = "#7F9CB8";

    /// <summary>Highlighted bars (e.g. key frequencies): vermillion, far from <see cref="Bar"/> for every kind of vision.</summary>
    public const string Highlight = "#D55E00";

    /// <summary>Axis lines, ticks and text.</summary>
    public const string Ink = "#222222";

    /// <summary>Light grid lines.</summary>
    public const string Grid = "#E4E4E4";

    /// <summary>Secondary text (tick labels, band labels).</summary>
    public const string MutedInk = "#555555";

    /// <summary>Cells with no value (NaN) in a heatmap.</summary>
    public const string Missing = "#D9D9D9";
}
