namespace AlgoLens.Analysis.Dictionary;

/// <summary>How much of some rows' variance a dictionary fails to reconstruct.</summary>
public static class ReconstructionError
{
    /// <summary>
    /// The fraction of variance unexplained, Σ‖x − x̂‖² / Σ‖x − x̄‖² over <paramref name="rows"/>
    /// [m, d] (x̄ their own mean): 0 for a perfect reconstruction, 1 for one no better than the mean.
    /// Read on rows the dictionary was not fitted on, it measures what generalises.
    /// </summary>
    public static double FractionOfVarianceUnexplained(DictionaryResult dictionary, double[,] rows)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        ArgumentNullException.ThrowIfNull(rows);
        int m = rows.GetLength(0), d = rows.GetLength(1);
        if (m < 2)
        {
            throw new ArgumentException($"The fraction of variance unexplained needs at least 2 rows; got {m}.", nameof(rows));
        }
        var reconstructed = dictionary.Reconstruct(rows);
        var mean = DictionaryMath.Mean(rows);
        double residual = 0, variance = 0;
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < d; j++)
            {
                double e = rows[r, j] - reconstructed[r, j], c = rows[r, j] - mean[j];
                residual += e * e;
                variance += c * c;
            }
        }
        return variance > 0 ? residual / variance : residual > 0 ? double.PositiveInfinity : 0;
    }
}
