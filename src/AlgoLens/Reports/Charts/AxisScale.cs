namespace AlgoLens.Reports.Charts;

/// <summary>How data values map to positions along an axis.</summary>
public enum AxisScale
{
    /// <summary>Evenly spaced values; ticks follow the 1-2-5 rule.</summary>
    Linear,

    /// <summary>Evenly spaced powers of ten; ticks at decades with minor ticks between. Values ≤ 0 are skipped.</summary>
    Log10,
}
