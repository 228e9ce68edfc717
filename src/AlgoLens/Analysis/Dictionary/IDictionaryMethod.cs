using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// A dictionary-learning method (the seed's problem 3.25): fits k atoms to activations X [n, d] so
/// that X ≈ offset + codes · atoms. PCA, SVD, NMF, FastICA and the sparse autoencoder implement it,
/// so that they are compared on the same activations by the same numbers.
/// </summary>
public interface IDictionaryMethod
{
    /// <summary>The name on the command line: pca, svd, nmf, ica, sae.</summary>
    string Name { get; }

    /// <summary>
    /// Fits <paramref name="options"/>.Components atoms to <paramref name="activations"/> [n, d]
    /// (float32 rows, as a cache holds them). Throws <see cref="ArgumentException"/> naming the
    /// problem and the fix for input the method cannot take (negative values for NMF, k > d where
    /// the method needs k ≤ d, too few rows).
    /// </summary>
    DictionaryResult Fit(Tensor activations, DictionaryOptions options);
}
