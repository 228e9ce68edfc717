namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// One instance of a toy model of superposition, as the report and the <c>superposition</c>
/// command show it: its setting (sparsity S, importance decay r), its loss, and its
/// <see cref="FeatureGeometry"/>, with W's columns and WᵀW for the figures. Arrays, not matrices,
/// so that it is its own JSON artefact.
/// </summary>
public sealed record InstanceGeometry
{
    /// <summary>The instance's index (its position in the model's input).</summary>
    public int Instance { get; init; }

    /// <summary>Sparsity S: the probability that a feature is zero.</summary>
    public double Sparsity { get; init; }

    /// <summary>Importance decay r: feature i weighs r^i in the loss.</summary>
    public double ImportanceDecay { get; init; }

    /// <summary>‖W_i‖ per feature.</summary>
    public double[] FeatureNorms { get; init; } = [];

    /// <summary>D_i per feature.</summary>
    public double[] Dimensionality { get; init; } = [];

    /// <summary>Σ_{j≠i}(Ŵ_i·W_j)² per feature.</summary>
    public double[] Superposition { get; init; } = [];

    /// <summary>Features with ‖W_i‖ above <see cref="FeatureGeometry.StoredNorm"/>.</summary>
    public int StoredFeatures { get; init; }

    /// <summary>m / ‖W‖²_F, dimensions per represented feature (NaN for W = 0).</summary>
    public double DimensionsPerFeature { get; init; }

    /// <summary>The instance's importance-weighted MSE (mean over examples and features) on the held-out sample; NaN when not measured.</summary>
    public double Loss { get; init; } = double.NaN;

    /// <summary>W's columns [n][m]: feature i's direction in the hidden space.</summary>
    public double[][] Columns { get; init; } = [];

    /// <summary>WᵀW [n][n].</summary>
    public double[][] Gram { get; init; } = [];

    /// <summary>W [m, n] back from <see cref="Columns"/>.</summary>
    public double[,] W()
    {
        int n = Columns.Length, m = n == 0 ? 0 : Columns[0].Length;
        var w = new double[m, n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < m; k++)
            {
                w[k, i] = Columns[i][k];
            }
        }
        return w;
    }

    /// <summary>The geometry of <paramref name="w"/> [m, n] at a setting.</summary>
    public static InstanceGeometry Of(int instance, double sparsity, double importanceDecay, double[,] w, double loss = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(w);
        var geometry = FeatureGeometry.Of(w);
        int m = w.GetLength(0), n = w.GetLength(1);
        var gram = FeatureGeometry.Gram(w);
        return new InstanceGeometry
        {
            Instance = instance,
            Sparsity = sparsity,
            ImportanceDecay = importanceDecay,
            FeatureNorms = geometry.FeatureNorms,
            Dimensionality = geometry.Dimensionality,
            Superposition = geometry.Superposition,
            StoredFeatures = geometry.StoredFeatures,
            DimensionsPerFeature = FeatureGeometry.DimensionsPerFeature(w),
            Loss = loss,
            Columns = [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, m).Select(k => w[k, i]).ToArray())],
            Gram = [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => gram[i, j]).ToArray())],
        };
    }
}
