using AlgoLens.Models;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// The OV and QK circuits of a head, as TransformerLens's <c>model.OV</c> and <c>model.QK</c>
/// (W_V[h]·W_O[h] and W_Q[h]·W_K[h]ᵀ, in the x·W convention of its parameters), and the full
/// circuits through the embeddings. They ignore biases, LayerNorm (AlgoLens does not fold it into
/// the weights, so with LN they describe the weights, not the exact computation) and the QK scale
/// 1/√d_head, as TransformerLens does.
/// </summary>
public static class Circuits
{
    /// <summary>W_OV = W_V[h] · W_O[h], [d_model, d_model]: what the head writes for what it reads (rank ≤ d_head).</summary>
    public static double[,] OV(HookedTransformer model, int layer, int head) =>
        DenseMatrix.Multiply(Weight(model, layer, head, "W_V"), Weight(model, layer, head, "W_O"));

    /// <summary>W_QK = W_Q[h] · W_K[h]ᵀ, [d_model, d_model]: the bilinear form of attention scores (query rows, key columns).</summary>
    public static double[,] QK(HookedTransformer model, int layer, int head) =>
        DenseMatrix.Multiply(Weight(model, layer, head, "W_Q"), DenseMatrix.Transpose(Weight(model, layer, head, "W_K")));

    /// <summary>W_E · W_OV · W_U, [d_vocab, d_vocab_out]: the direct effect on each output logit of attending to each token.</summary>
    public static double[,] FullOV(HookedTransformer model, int layer, int head)
    {
        ArgumentNullException.ThrowIfNull(model);
        var embed = DenseMatrix.FromTensor(model["embed.W_E"]); // [d_vocab, d_model]
        return DenseMatrix.Multiply(DenseMatrix.Multiply(embed, OV(model, layer, head)), DenseMatrix.FromTensor(model["unembed.W_U"]));
    }

    /// <summary>W_E · W_QK · W_Eᵀ, [d_vocab (query token), d_vocab (key token)]: the token-token part of the attention scores.</summary>
    public static double[,] FullQK(HookedTransformer model, int layer, int head)
    {
        ArgumentNullException.ThrowIfNull(model);
        var embed = DenseMatrix.FromTensor(model["embed.W_E"]); // [d_vocab, d_model]
        return DenseMatrix.Multiply(DenseMatrix.Multiply(embed, QK(model, layer, head)), DenseMatrix.Transpose(embed));
    }

    /// <summary>W_pos · W_QK · W_posᵀ, [n_ctx (query position), n_ctx (key position)]: the position-position part of the attention scores.</summary>
    public static double[,] PositionalQK(HookedTransformer model, int layer, int head)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pos = DenseMatrix.FromTensor(model["pos_embed.W_pos"]); // [n_ctx, d_model]
        return DenseMatrix.Multiply(DenseMatrix.Multiply(pos, QK(model, layer, head)), DenseMatrix.Transpose(pos));
    }

    /// <summary>W_pos · W_OV · W_U, [n_ctx, d_vocab_out]: the direct effect on each logit of attending to each position's embedding.</summary>
    public static double[,] PositionalOV(HookedTransformer model, int layer, int head)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pos = DenseMatrix.FromTensor(model["pos_embed.W_pos"]); // [n_ctx, d_model]
        return DenseMatrix.Multiply(DenseMatrix.Multiply(pos, OV(model, layer, head)), DenseMatrix.FromTensor(model["unembed.W_U"]));
    }

    /// <summary>Singular values of a circuit matrix with its numerical and effective ranks.</summary>
    public static CircuitSpectrum Spectrum(double[,] circuit)
    {
        var s = Svd.SingularValues(circuit);
        return new CircuitSpectrum(s, Svd.Rank(s), Svd.EffectiveRank(s));
    }

    // One head's slice of a stacked attention weight, e.g. W_V[h] [d_model, d_head].
    private static double[,] Weight(HookedTransformer model, int layer, int head, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        if ((uint)layer >= (uint)model.Config.NLayers || (uint)head >= (uint)model.Config.NHeads)
        {
            throw new ArgumentOutOfRangeException(nameof(head), $"Head L{layer}H{head} does not exist: the model has {model.Config.NLayers} layers of {model.Config.NHeads} heads.");
        }
        return DenseMatrix.FromTensor(model[$"blocks.{layer}.attn.{name}"], head);
    }
}
