namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// How a toy model of superposition places its features (Elhage et al. 2022, "Toy Models of
/// Superposition"), read from one instance's W [m, n], whose column W_i is feature i's direction in
/// the m hidden dimensions: the feature norms ‖W_i‖ (about 1 for a feature the model represents, 0
/// for one it drops), the superposition Σ_{j≠i}(Ŵ_i·W_j)² (how much other features project onto
/// feature i's direction) and the feature dimensionality D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)², the
/// fraction of a dimension feature i holds: 1 for a feature with a dimension of its own, 1/2 for an
/// antipodal pair, 2/5 for a pentagon, 0 for a feature not represented.
/// </summary>
/// <param name="FeatureNorms">‖W_i‖ per feature [n].</param>
/// <param name="Superposition">Σ_{j≠i}(Ŵ_i·W_j)² per feature [n]; 0 for a feature of norm 0.</param>
/// <param name="Dimensionality">D_i per feature [n]; 0 for a feature of norm 0.</param>
public sealed record FeatureGeometry(double[] FeatureNorms, double[] Superposition, double[] Dimensionality)
{
    /// <summary>A feature counts as represented (stored) when its norm is above this: trained models put a kept feature near 1 and a dropped one near 0.</summary>
    public const double StoredNorm = 0.5;

    /// <summary>The geometry of <paramref name="w"/> [m, n] (column i = feature i).</summary>
    /// <exception cref="ArgumentException">W has no rows or columns, or holds a value that is not finite.</exception>
    public static FeatureGeometry Of(double[,] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        int m = w.GetLength(0), n = w.GetLength(1);
        if (m == 0 || n == 0)
        {
            throw new ArgumentException($"W is [{m}, {n}]; a toy model's W needs at least one hidden dimension and one feature.");
        }
        foreach (double v in w)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("W holds a value that is not finite (a diverged model?); the geometry of its features is undefined.");
            }
        }
        var gram = Gram(w);
        var norms = new double[n];
        var superposition = new double[n];
        var dimensionality = new double[n];
        for (int i = 0; i < n; i++)
        {
            double squaredNorm = gram[i, i];
            norms[i] = Math.Sqrt(squaredNorm);
            if (squaredNorm == 0)
            {
                continue; // no direction: nothing projects on it and it holds no dimension
            }
            // (Ŵ_i·W_j)² = (W_i·W_j)² / ‖W_i‖².
            double others = 0;
            for (int j = 0; j < n; j++)
            {
                if (j != i)
                {
                    others += gram[i, j] * gram[i, j] / squaredNorm;
                }
            }
            superposition[i] = others;
            dimensionality[i] = squaredNorm / (squaredNorm + others); // the j = i term is ‖W_i‖² itself
        }
        return new FeatureGeometry(norms, superposition, dimensionality);
    }

    /// <summary>WᵀW [n, n] of <paramref name="w"/> [m, n]: the features' dot products (the paper's heatmaps).</summary>
    public static double[,] Gram(double[,] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        int m = w.GetLength(0), n = w.GetLength(1);
        var gram = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < m; k++)
                {
                    dot += w[k, i] * w[k, j];
                }
                gram[i, j] = gram[j, i] = dot;
            }
        }
        return gram;
    }

    /// <summary>How many features have a norm above <see cref="StoredNorm"/>.</summary>
    public int StoredFeatures => FeatureNorms.Count(v => v > StoredNorm);

    /// <summary>m / ‖W‖²_F: the dimensions per represented feature (the paper's line beside the D_i).</summary>
    public static double DimensionsPerFeature(double[,] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        double frobenius = 0;
        foreach (double v in w)
        {
            frobenius += v * v;
        }
        return frobenius == 0 ? double.NaN : w.GetLength(0) / frobenius;
    }
}
