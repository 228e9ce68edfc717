namespace AlgoLens.Reports.Charts;

/// <summary>A map from [0, 1] to colours, interpolated linearly between evenly spaced stops.</summary>
public sealed class Colormap
{
    private readonly Rgb[] stops;

    /// <summary>Creates a colormap through <paramref name="stops"/> (at least two), evenly spaced over [0, 1].</summary>
    public Colormap(string name, params string[] stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Length < 2)
        {
            throw new ArgumentException($"Colormap \"{name}\" needs at least two colour stops; got {stops.Length}.", nameof(stops));
        }
        Name = name;
        this.stops = Array.ConvertAll(stops, Rgb.Parse);
    }

    /// <summary>The colormap's name.</summary>
    public string Name { get; }

    /// <summary>
    /// Blue–white–red after ColorBrewer's RdBu, with the centre exactly white so that zero reads
    /// as "nothing" on a signed heatmap.
    /// </summary>
    public static Colormap Diverging { get; } = new("diverging",
        "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#ffffff", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f");

    /// <summary>Viridis (sampled at nine points): perceptually uniform, readable in greyscale and by colour-blind readers.</summary>
    public static Colormap Viridis { get; } = new("viridis",
        "#440154", "#472c7a", "#3b518b", "#2c718e", "#21908d", "#27ad81", "#5cc863", "#aadc32", "#fde725");

    /// <summary>The colour at <paramref name="t"/>, clamped to [0, 1].</summary>
    public Rgb Map(double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        double position = t * (stops.Length - 1);
        int index = Math.Min((int)position, stops.Length - 2);
        return Rgb.Lerp(stops[index], stops[index + 1], position - index);
    }
}
