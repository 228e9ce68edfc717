using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// A sparse autoencoder (the seed's problem 3.25's "sae"): f = act(W_enc(x − b_dec) + b_enc),
/// x̂ = b_dec + f·W_dec, trained by Adam on mean_rows(‖x − x̂‖² + λ‖f‖₁) with act = ReLU, or with
/// act = top-k then ReLU and no penalty (Gao et al. 2024). Follows Bricken et al. 2023 ("Towards
/// Monosemanticity"): unit-norm decoder columns (the gradient's component along each removed before
/// the step, renormalised after it), a pre-encoder bias equal to the decoder bias started at the
/// geometric median, and dead-feature resampling toward rows the autoencoder reconstructs badly.
/// </summary>
/// <remarks>
/// The result's atoms are the decoder's unit columns, its offset b_dec, its Encode the encoder; its
/// diagnostics, measured on all the rows with the final weights: <c>mse</c> (mean over rows and
/// dimensions of (x − x̂)², original units), <c>fvu</c> (Σ‖x − x̂‖² / Σ‖x − mean‖²), <c>l0</c> (mean
/// active features per row), <c>dead_features</c> (features that fire on no row), <c>resampled</c>
/// (resamplings during training, in total), <c>epochs</c>. The float32 GEMMs cut their work the same
/// way for any thread count, so a seed gives the same weights on 1 or N threads.
/// </remarks>
public sealed class SparseAutoencoder : IDictionaryMethod
{
    /// <summary>An autoencoder with the given settings (the defaults when null).</summary>
    public SparseAutoencoder(SparseAutoencoderOptions? options = null)
    {
        Options = options ?? new SparseAutoencoderOptions();
    }

    /// <inheritdoc/>
    public string Name => "sae";

    /// <summary>The settings.</summary>
    public SparseAutoencoderOptions Options { get; }

    /// <inheritdoc/>
    public DictionaryResult Fit(Tensor activations, DictionaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(options);
        var run = Prepare(activations, options);
        run.Train();
        return run.Result();
    }

    /// <summary>Checks everything and builds the run (weights initialised, nothing trained yet).</summary>
    internal SaeRun Prepare(Tensor activations, DictionaryOptions options)
    {
        Options.Validate();
        if (activations.Rank != 2)
        {
            throw new ArgumentException($"The activations have shape {activations.ShapeString}; give a matrix [rows, width] (flatten the positions into rows).");
        }
        int n = activations.Shape[0], d = activations.Shape[1];
        int k = options.Components;
        if (k <= 0)
        {
            throw new ArgumentException($"Components is {k}; give at least 1 feature for the autoencoder.");
        }
        if (Options.TopK is { } topK && topK > k)
        {
            throw new ArgumentException($"Top-k is {topK} but there are only {k} features; give k ≤ the number of components.");
        }
        if (options.MaxIterations is { } cap && cap <= 0)
        {
            throw new ArgumentException($"The iteration cap is {cap} epochs; give at least 1.");
        }
        if (n < 2 || d < 1)
        {
            throw new ArgumentException($"The activations are [{n}, {d}]; the autoencoder needs at least 2 rows of width ≥ 1.");
        }
        var data = activations.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                throw new ArgumentException($"Activation row {i / d}, column {i % d} is {data[i]}; remove the rows with NaN or infinite values before fitting.");
            }
        }
        return new SaeRun(Options, data, n, d, k, options.MaxIterations ?? Options.Epochs, options.Seed);
    }
}
