namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Principal components of a set of points [n, d], as scikit-learn's PCA reports them: the mean,
/// unit component directions (rows, by decreasing variance), the variance along each and its share
/// of the total. A component's sign is fixed so that its largest-magnitude entry is positive.
/// </summary>
public sealed class PcaResult
{
    internal PcaResult(double[] mean, double[,] components, double[] explainedVariance, double[] explainedVarianceRatio)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = explainedVarianceRatio;
    }

    /// <summary>The mean that was subtracted, [d].</summary>
    public double[] Mean { get; }

    /// <summary>Principal directions as unit rows, [k, d].</summary>
    public double[,] Components { get; }

    /// <summary>Variance along each component (with n − 1 in the denominator), [k].</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>Each component's share of the total variance (of all d directions, not only the k kept), [k].</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>Number of components kept.</summary>
    public int Count => ExplainedVariance.Length;

    /// <summary>Coordinates of points [n, d] on the components: (x − mean) · Componentsᵀ, [n, k].</summary>
    public double[,] Transform(double[,] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.GetLength(0), d = Mean.Length;
        if (points.GetLength(1) != d)
        {
            throw new ArgumentException($"The points have {points.GetLength(1)} features; the PCA was fitted on {d}.");
        }
        var result = new double[n, Count];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < Count; c++)
            {
                double sum = 0;
                for (int i = 0; i < d; i++)
                {
                    sum += (points[r, i] - Mean[i]) * Components[c, i];
                }
                result[r, c] = sum;
            }
        }
        return result;
    }
}
