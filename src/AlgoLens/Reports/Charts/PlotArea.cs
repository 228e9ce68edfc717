namespace AlgoLens.Reports.Charts;

/// <summary>The rectangle, in chart pixels, inside which data is drawn.</summary>
internal readonly record struct PlotArea(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;

    public double Bottom => Top + Height;
}
