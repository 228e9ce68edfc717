using System.Numerics;
using AlgoLens.Analysis.Interp;
using AlgoLens.Models;

namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// Copying heads (Elhage et al. 2021, "A Mathematical Framework for Transformer Circuits"): a head
/// whose full OV circuit in the token basis, W_E·W_V·W_O·W_U [tokens, tokens], raises the logit of
/// the token it attends to has mostly positive eigenvalues. The score is the fraction of its non-zero
/// eigenvalues with a positive real part.
/// </summary>
/// <remarks>
/// The full circuit has rank at most d_head, so its non-zero eigenvalues are those of the
/// d_head × d_head matrix (W_O·W_U_s)·(W_E_s·W_V) (the non-zero eigenvalues of AB and BA agree), which
/// is what is decomposed (<see cref="RealEigenvalues"/>). Eigenvalues whose magnitude is below
/// 1e-9 of the largest are rounding noise of a rank-deficient head and are not counted. W_E_s and
/// W_U_s are the rows of W_E and the columns of W_U of the shared tokens (the token basis needs
/// each output class to be an input token too). Biases and LayerNorm are ignored, as
/// TransformerLens's <c>OV</c> circuits do.
/// </remarks>
public static class CopyingScore
{
    private const double NoiseRatio = 1e-9;

    /// <summary>
    /// The copying score of head <paramref name="head"/> of layer <paramref name="layer"/>.
    /// <paramref name="tokens"/> pairs each token of the basis as an input id with its id as an
    /// output class; null when they are the same ids (d_vocab = d_vocab_out).
    /// </summary>
    public static double Of(HookedTransformer model, int layer, int head, IReadOnlyList<(int Input, int Output)>? tokens = null) =>
        FractionPositive(Eigenvalues(model, layer, head, tokens));

    /// <summary>The non-zero eigenvalues of the head's full OV circuit in the token basis (see the remarks).</summary>
    public static Complex[] Eigenvalues(HookedTransformer model, int layer, int head, IReadOnlyList<(int Input, int Output)>? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var cfg = model.Config;
        var shared = SharedTokens(cfg, tokens);
        var embed = DenseMatrix.FromTensor(model["embed.W_E"]); // [d_vocab, d_model]
        var unembed = DenseMatrix.FromTensor(model["unembed.W_U"]); // [d_model, d_vocab_out]
        var embedShared = new double[shared.Count, cfg.DModel]; // [tokens, d_model]
        var unembedShared = new double[cfg.DModel, shared.Count]; // [d_model, tokens]
        for (int c = 0; c < shared.Count; c++)
        {
            for (int d = 0; d < cfg.DModel; d++)
            {
                embedShared[c, d] = embed[shared[c].Input, d];
                unembedShared[d, c] = unembed[d, shared[c].Output];
            }
        }
        var valueIn = DenseMatrix.Multiply(embedShared, DenseMatrix.FromTensor(model[$"blocks.{layer}.attn.W_V"], head)); // [tokens, d_head]
        var outputOut = DenseMatrix.Multiply(DenseMatrix.FromTensor(model[$"blocks.{layer}.attn.W_O"], head), unembedShared); // [d_head, tokens]
        var reduced = DenseMatrix.Multiply(outputOut, valueIn); // [d_head, d_head]
        var values = RealEigenvalues.Of(reduced);
        double largest = values.Length == 0 ? 0 : values.Max(v => v.Magnitude);
        return values.Where(v => v.Magnitude > NoiseRatio * largest).ToArray();
    }

    /// <summary>The fraction of <paramref name="eigenvalues"/> with a positive real part; 0 when there are none.</summary>
    public static double FractionPositive(IReadOnlyCollection<Complex> eigenvalues)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        return eigenvalues.Count == 0 ? 0 : (double)eigenvalues.Count(v => v.Real > 0) / eigenvalues.Count;
    }

    /// <summary>Null when the model's tokens give a square token basis for its OV circuits; otherwise why not.</summary>
    public static string? WhyNotApplicable(HookedTransformerConfig config, IReadOnlyList<(int Input, int Output)>? tokens)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ReadsValues)
        {
            return "the model reads real-valued vectors, not tokens: its OV circuit has no token basis";
        }
        if (tokens is null && config.DVocab != config.OutputVocab)
        {
            return $"no token basis: d_vocab = {config.DVocab} and d_vocab_out = {config.OutputVocab} differ and no task says which input token each output class is";
        }
        if (tokens is not null && tokens.Count < 2)
        {
            return "no token basis: fewer than two output classes are also input tokens";
        }
        return null;
    }

    private static IReadOnlyList<(int Input, int Output)> SharedTokens(HookedTransformerConfig cfg, IReadOnlyList<(int Input, int Output)>? tokens)
    {
        if (WhyNotApplicable(cfg, tokens) is { } why)
        {
            throw new ArgumentException($"No copying score: {why}.");
        }
        if (tokens is null)
        {
            return Enumerable.Range(0, cfg.DVocab).Select(t => (t, t)).ToArray();
        }
        foreach (var (input, output) in tokens)
        {
            if ((uint)input >= (uint)cfg.DVocab || (uint)output >= (uint)cfg.OutputVocab)
            {
                throw new ArgumentException($"The token pair ({input}, {output}) is outside the model: input ids are 0..{cfg.DVocab - 1}, output ids 0..{cfg.OutputVocab - 1}.");
            }
        }
        return tokens;
    }
}
