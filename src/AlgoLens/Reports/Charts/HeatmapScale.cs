namespace AlgoLens.Reports.Charts;

/// <summary>How a heatmap maps values to colours.</summary>
public enum HeatmapScale
{
    /// <summary>Diverging if any value is negative, sequential otherwise.</summary>
    Auto,

    /// <summary>Blue–white–red over a range symmetric about 0, so 0 is white and sign reads as hue.</summary>
    Diverging,

    /// <summary>Viridis from the minimum (0 for non-negative data) to the maximum.</summary>
    Sequential,
}
