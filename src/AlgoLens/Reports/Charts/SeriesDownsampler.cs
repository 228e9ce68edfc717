namespace AlgoLens.Reports.Charts;

/// <summary>
/// Splits a series into runs of drawable points and thins long runs. Thinning keeps, for each bucket
/// of consecutive points, the lowest and the highest point in their original order, so spikes (a
/// loss spike during grokking, say) survive however long the series is.
/// </summary>
internal static class SeriesDownsampler
{
    /// <summary>Runs of consecutive drawable points, with at most about <paramref name="maxPoints"/> points in all.</summary>
    public static List<List<(double X, double Y)>> Segments(LineSeries series, ChartAxis xAxis, ChartAxis yAxis, int maxPoints)
    {
        var segments = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? current = null;
        for (int i = 0; i < series.X.Count; i++)
        {
            double x = series.X[i], y = series.Y[i];
            if (!xAxis.Accepts(x) || !yAxis.Accepts(y))
            {
                current = null;
                continue;
            }
            if (current is null)
            {
                current = [];
                segments.Add(current);
            }
            current.Add((x, y));
        }
        int total = segments.Sum(s => s.Count);
        if (total <= maxPoints)
        {
            return segments;
        }
        return segments.ConvertAll(s => Thin(s, Math.Max(4, (int)((long)maxPoints * s.Count / total))));
    }

    /// <summary>Keeps the first and last points and the min and max of each bucket: at most <paramref name="budget"/> points.</summary>
    public static List<(double X, double Y)> Thin(List<(double X, double Y)> points, int budget)
    {
        if (points.Count <= budget)
        {
            return points;
        }
        int buckets = Math.Max(1, (budget - 2) / 2);
        int interior = points.Count - 2;
        var result = new List<(double X, double Y)>(budget) { points[0] };
        for (int b = 0; b < buckets; b++)
        {
            int start = 1 + (int)((long)interior * b / buckets), end = 1 + (int)((long)interior * (b + 1) / buckets);
            if (end <= start)
            {
                continue;
            }
            int low = start, high = start;
            for (int i = start + 1; i < end; i++)
            {
                if (points[i].Y < points[low].Y)
                {
                    low = i;
                }
                if (points[i].Y > points[high].Y)
                {
                    high = i;
                }
            }
            result.Add(points[Math.Min(low, high)]);
            if (low != high)
            {
                result.Add(points[Math.Max(low, high)]);
            }
        }
        result.Add(points[^1]);
        return result;
    }
}
