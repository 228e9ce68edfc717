namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// Sparsity of a non-negative vector, in Hurley and Rickard's formulation ("Comparing measures of
/// sparsity", 2009), which the progress-measures paper uses on Fourier norms: sort ascending
/// c_(1) ≤ … ≤ c_(N); G = 1 − 2·Σ_k (c_(k)/‖c‖₁)·((N − k + ½)/N). G = 0 when all entries are
/// equal, 1 − 1/N for a one-hot vector, and approaches 1 as the mass concentrates.
/// </summary>
public static class GiniCoefficient
{
    /// <summary>G of <paramref name="values"/>; 0 for an empty or all-zero vector (nothing is concentrated).</summary>
    /// <exception cref="ArgumentException">A value is negative or not finite (norms never are).</exception>
    public static double Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToArray();
        foreach (double v in sorted)
        {
            if (!double.IsFinite(v) || v < 0)
            {
                throw new ArgumentException($"The Gini coefficient needs finite non-negative values (e.g. norms); got {v}.", nameof(values));
            }
        }
        Array.Sort(sorted);
        int n = sorted.Length;
        double l1 = sorted.Sum();
        if (n == 0 || l1 == 0)
        {
            return 0;
        }
        double weighted = 0;
        for (int k = 1; k <= n; k++)
        {
            weighted += sorted[k - 1] / l1 * ((n - k + 0.5) / n);
        }
        return 1 - 2 * weighted;
    }
}
