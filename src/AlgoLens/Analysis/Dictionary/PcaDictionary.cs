using AlgoLens.Analysis.Interp;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// PCA as a dictionary (<see cref="Pca"/>): the atoms are the top k principal directions, the
/// offset the mean, the codes the coordinates on the directions. Among all k-atom linear
/// dictionaries it has the least reconstruction error, so it is the baseline the others are read against.
/// </summary>
public sealed class PcaDictionary : IDictionaryMethod
{
    /// <inheritdoc/>
    public string Name => "pca";

    /// <inheritdoc/>
    public DictionaryResult Fit(Tensor activations, DictionaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = DictionaryMath.Rows(activations);
        int n = rows.GetLength(0), d = rows.GetLength(1);
        if (n < 2)
        {
            throw new ArgumentException($"PCA needs at least 2 rows; got {n}. Cache more examples.", nameof(activations));
        }
        DictionaryMath.CheckComponents(Name, options.Components, Math.Min(n, d), $"PCA keeps at most min(rows, width) = min({n}, {d}) directions");
        var pca = Pca.Fit(rows, options.Components);
        var diagnostics = new Dictionary<string, double>
        {
            ["explained_variance_ratio"] = pca.ExplainedVarianceRatio.Sum(),
        };
        return new DictionaryResult(Name, pca.Components, pca.Mean, pca.Transform, diagnostics);
    }
}
