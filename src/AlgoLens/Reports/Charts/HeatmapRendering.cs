namespace AlgoLens.Reports.Charts;

/// <summary>How a heatmap's cells are written into the SVG.</summary>
public enum HeatmapRendering
{
    /// <summary>Rectangles for small grids (up to 1024 cells), an embedded PNG for larger ones.</summary>
    Auto,

    /// <summary>One <c>&lt;rect&gt;</c> per run of equal cells in a row: inspectable markup, but large for big grids.</summary>
    Rectangles,

    /// <summary>
    /// One <c>&lt;image&gt;</c> holding a PNG with a pixel per cell, scaled up without smoothing: a
    /// 113×113 grid costs tens of kilobytes instead of most of a megabyte.
    /// </summary>
    Image,
}
