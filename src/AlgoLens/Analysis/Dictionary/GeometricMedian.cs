namespace AlgoLens.Analysis.Dictionary;

/// <summary>The geometric median (the point minimising the sum of Euclidean distances) by Weiszfeld's iteration from the mean.</summary>
internal static class GeometricMedian
{
    /// <summary>The median of rows <paramref name="indices"/> of <paramref name="rows"/> (row-major [n, <paramref name="d"/>]),
    /// after at most <paramref name="iterations"/> steps or when a step moves it by less than <paramref name="tolerance"/> of its norm.</summary>
    public static double[] Compute(float[] rows, int d, int[] indices, int iterations = 50, double tolerance = 1e-6)
    {
        var point = new double[d];
        foreach (int r in indices)
        {
            for (int j = 0; j < d; j++)
            {
                point[j] += rows[r * d + j];
            }
        }
        for (int j = 0; j < d; j++)
        {
            point[j] /= indices.Length;
        }
        var next = new double[d];
        for (int it = 0; it < iterations; it++)
        {
            Array.Clear(next);
            double weights = 0;
            foreach (int r in indices)
            {
                double dist = 0;
                for (int j = 0; j < d; j++)
                {
                    double v = rows[r * d + j] - point[j];
                    dist += v * v;
                }
                dist = Math.Sqrt(dist);
                // A row at the current point gets a large finite weight instead of 1/0 (a common Weiszfeld guard).
                double w = 1 / Math.Max(dist, 1e-12);
                weights += w;
                for (int j = 0; j < d; j++)
                {
                    next[j] += w * rows[r * d + j];
                }
            }
            double moved = 0, size = 0;
            for (int j = 0; j < d; j++)
            {
                double v = next[j] / weights;
                moved += (v - point[j]) * (v - point[j]);
                size += v * v;
                point[j] = v;
            }
            if (moved <= tolerance * tolerance * Math.Max(size, 1e-30))
            {
                break;
            }
        }
        return point;
    }
}
