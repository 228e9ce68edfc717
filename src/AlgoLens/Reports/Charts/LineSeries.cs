namespace AlgoLens.Reports.Charts;

/// <summary>
/// A named series of (x, y) points for a <see cref="LineChart"/>. Points that are NaN, infinite, or
/// not positive on a log axis are skipped and break the line there, so a gap in the data shows as a
/// gap rather than as a straight line across it.
/// </summary>
public sealed class LineSeries
{
    /// <summary>Creates a series; <paramref name="x"/> and <paramref name="y"/> must have the same length.</summary>
    public LineSeries(string name, double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Series \"{name}\" has {x.Length} x values but {y.Length} y values; pass one y per x.", nameof(y));
        }
        Name = name;
        X = x;
        Y = y;
    }

    /// <summary>Name shown in the legend.</summary>
    public string Name { get; }

    /// <summary>The x coordinates.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>The y coordinates.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>Stroke colour (CSS colour); null for the next colour of <see cref="ChartPalette"/>.</summary>
    public string? Color { get; init; }

    /// <summary>Whether the line is dashed (e.g. for a train curve beside a solid test curve).</summary>
    public bool Dashed { get; init; }

    /// <summary>Stroke width in pixels.</summary>
    public double StrokeWidth { get; init; } = 1.75;
}
