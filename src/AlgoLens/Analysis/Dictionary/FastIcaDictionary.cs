using AlgoLens.Analysis.Interp;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// FastICA (Hyvärinen 1999; Hyvärinen and Oja 2000), as scikit-learn's <c>FastICA(algorithm="parallel",
/// fun="logcosh", whiten="unit-variance")</c>: the rows are centred and whitened by PCA onto their top
/// k directions (Z = (X − mean) V_k Λ_k^(−1/2)), then an orthogonal unmixing W [k, k] is found by
/// the fixed-point iteration W ← E[g(WZ) Zᵀ] − diag(E[g′(WZ)]) W with g = tanh (the derivative of
/// log cosh), each step followed by the symmetric decorrelation W ← (WWᵀ)^(−1/2) W, until
/// max |diag(W_new W_oldᵀ)| is within the tolerance of 1. The sources are S = Z Wᵀ, and the atoms are
/// the mixing directions, rows of W Λ_k^(1/2) V_kᵀ, normalised (X ≈ mean + S·mixing).
/// </summary>
/// <remarks>
/// The starting W is seeded N(0, 1). The reconstruction is the projection on the top k principal
/// directions, so ICA's reconstruction error equals PCA's: the two differ in the atoms, not the span.
/// </remarks>
public sealed class FastIcaDictionary(double tolerance = 1e-4) : IDictionaryMethod
{
    /// <summary>Default iteration cap (scikit-learn's max_iter).</summary>
    public const int DefaultIterations = 200;

    /// <inheritdoc/>
    public string Name => "ica";

    /// <summary>Stopping tolerance on max |1 − |diag(W_new W_oldᵀ)||.</summary>
    public double Tolerance { get; } = tolerance > 0 ? tolerance : throw new ArgumentOutOfRangeException(nameof(tolerance), $"The tolerance must be positive; got {tolerance}.");

    /// <inheritdoc/>
    public DictionaryResult Fit(Tensor activations, DictionaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var x = DictionaryMath.Rows(activations);
        int n = x.GetLength(0), d = x.GetLength(1), k = options.Components;
        if (n < 3)
        {
            throw new ArgumentException($"FastICA needs at least 3 rows; got {n}. Cache more examples.", nameof(activations));
        }
        DictionaryMath.CheckComponents(Name, k, Math.Min(n - 1, d), $"whitening keeps at most min(rows − 1, width) = min({n - 1}, {d}) directions");
        int maxIterations = options.MaxIterations ?? DefaultIterations;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1, nameof(options));

        var pca = Pca.Fit(x, k);
        if (pca.ExplainedVariance.Any(v => !(v > 1e-12 * Math.Max(pca.ExplainedVariance[0], double.Epsilon))))
        {
            throw new ArgumentException($"The activations have fewer than {k} directions of non-zero variance, so whitening onto {k} is undefined. Choose fewer --components.");
        }
        // K [d, k]: whitening, Z = (X − mean)·K.
        var whitening = new double[d, k];
        for (int c = 0; c < k; c++)
        {
            double inverseRoot = 1 / Math.Sqrt(pca.ExplainedVariance[c]);
            for (int j = 0; j < d; j++)
            {
                whitening[j, c] = pca.Components[c, j] * inverseRoot;
            }
        }
        var z = DictionaryMath.Product(DictionaryMath.Centre(x, pca.Mean), whitening); // [n, k]

        var rng = new Rng(options.Seed, stream: 0x1CA);
        var w = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                w[i, j] = rng.Normal();
            }
        }
        w = SymmetricDecorrelation(w);
        int iterations;
        double change = double.PositiveInfinity;
        for (iterations = 1; iterations <= maxIterations; iterations++)
        {
            var projected = DictionaryMath.Product(z, w, transposeB: true); // [n, k]: W z per row
            var meanDerivative = new double[k];
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    double g = Math.Tanh(projected[r, c]);
                    projected[r, c] = g;
                    meanDerivative[c] += 1 - g * g;
                }
            }
            var next = DictionaryMath.Product(projected, z, transposeA: true); // [k, k]: Σ g(Wz) zᵀ
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    next[i, j] = next[i, j] / n - meanDerivative[i] / n * w[i, j];
                }
            }
            next = SymmetricDecorrelation(next);
            change = 0;
            for (int i = 0; i < k; i++)
            {
                double dot = 0;
                for (int j = 0; j < k; j++)
                {
                    dot += next[i, j] * w[i, j];
                }
                change = Math.Max(change, Math.Abs(Math.Abs(dot) - 1));
            }
            w = next;
            if (change < Tolerance)
            {
                break;
            }
        }
        bool converged = change < Tolerance;
        iterations = Math.Min(iterations, maxIterations);

        // Unmixing U [d, k] = K Wᵀ (S = (X − mean) U); mixing M [k, d] = W Λ^(1/2) V_kᵀ.
        var unmixing = DictionaryMath.Product(whitening, w, transposeB: true);
        var mixing = new double[k, d];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int c = 0; c < k; c++)
                {
                    sum += w[i, c] * Math.Sqrt(pca.ExplainedVariance[c]) * pca.Components[c, j];
                }
                mixing[i, j] = sum;
            }
        }
        var (atoms, scales) = DictionaryMath.UnitAtoms(mixing);
        var mean = pca.Mean;
        var diagnostics = new Dictionary<string, double>
        {
            ["iterations"] = iterations,
            ["converged"] = converged ? 1 : 0,
            ["final_change"] = change,
            ["explained_variance_ratio"] = pca.ExplainedVarianceRatio.Sum(),
        };
        return new DictionaryResult(Name, atoms, mean,
            rows => DictionaryMath.ScaleColumns(DictionaryMath.Product(DictionaryMath.Centre(rows, mean), unmixing), scales), diagnostics);
    }

    /// <summary>(W Wᵀ)^(−1/2) W: the orthogonal matrix nearest W, whose rows are mutually decorrelated.</summary>
    internal static double[,] SymmetricDecorrelation(double[,] w)
    {
        int k = w.GetLength(0);
        var gram = DenseMatrix.Multiply(w, DenseMatrix.Transpose(w));
        // Symmetric positive definite: its SVD is its eigendecomposition, U = V.
        var svd = Svd.Decompose(gram);
        var inverseRoot = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int c = 0; c < k; c++)
                {
                    sum += svd.U[i, c] * svd.U[j, c] / Math.Sqrt(Math.Max(svd.S[c], 1e-300));
                }
                inverseRoot[i, j] = sum;
            }
        }
        return DenseMatrix.Multiply(inverseRoot, w);
    }
}
