using AlgoLens.Analysis.Interp;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The SVD as a dictionary (<see cref="Svd"/>): X = U S Vᵀ, uncentred, so the atoms are the top k
/// right singular vectors (rows of Vᵀ), the offset is zero and the codes are X·V_k. Beyond 4d rows it
/// decomposes the d×d Gram matrix XᵀX instead (its singular vectors are V, its values S²), as
/// <see cref="Pca"/> does with the covariance: far cheaper for thousands of rows.
/// </summary>
public sealed class SvdDictionary : IDictionaryMethod
{
    /// <inheritdoc/>
    public string Name => "svd";

    /// <inheritdoc/>
    public DictionaryResult Fit(Tensor activations, DictionaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = DictionaryMath.Rows(activations);
        int n = rows.GetLength(0), d = rows.GetLength(1), k = options.Components;
        DictionaryMath.CheckComponents(Name, k, Math.Min(n, d), $"the SVD has min(rows, width) = min({n}, {d}) singular vectors");
        double[] squared;
        double[,] v;
        if (n <= 4 * d)
        {
            var svd = Svd.Decompose(rows);
            squared = svd.S.Select(s => s * s).ToArray();
            v = svd.V;
        }
        else
        {
            var gram = DictionaryMath.Product(rows, rows, transposeA: true);
            var svd = Svd.Decompose(gram);
            squared = svd.S;
            v = svd.V;
        }
        var atoms = new double[k, d];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                atoms[c, j] = v[j, c];
            }
        }
        var (unit, _) = DictionaryMath.UnitAtoms(atoms); // unit already; this fixes the signs
        double total = squared.Sum();
        var diagnostics = new Dictionary<string, double>
        {
            ["energy_ratio"] = total > 0 ? squared.Take(k).Sum() / total : 0,
            ["largest_singular_value"] = Math.Sqrt(squared[0]),
        };
        return new DictionaryResult(Name, unit, new double[d], x => DictionaryMath.Product(x, unit, transposeB: true), diagnostics);
    }
}
