using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Attention patterns of a model on given inputs, per layer or per head, and per-head summary
/// scores over every layer (see <see cref="AttentionScores"/> for the scores of one pattern).
/// </summary>
public static class AttentionPatterns
{
    /// <summary>Every layer's pattern [batch, head, q_pos, k_pos], index = layer (one run, without grad).</summary>
    public static IReadOnlyList<Tensor> All(HookedTransformer model, TokenBatch tokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = Tensor.NoGrad();
        var (_, cache) = model.RunWithCache(tokens, n => n.EndsWith(".attn.hook_pattern", StringComparison.Ordinal));
        return Enumerable.Range(0, model.Config.NLayers).Select(l => cache["pattern", l].Clone()).ToList();
    }

    /// <summary>One head's pattern for one example, [q_pos, k_pos].</summary>
    public static double[,] Head(HookedTransformer model, TokenBatch tokens, int layer, int head, int example = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (layer < 0 || layer >= model.Config.NLayers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), $"Layer {layer} is outside 0..{model.Config.NLayers - 1}.");
        }
        return Head(All(model, tokens)[layer], head, example);
    }

    /// <summary>One head's [q_pos, k_pos] pattern for one example, out of a [batch, head, q_pos, k_pos] pattern.</summary>
    public static double[,] Head(Tensor pattern, int head, int example = 0)
    {
        var (batch, heads, queries, keys) = AttentionScores.Dims(pattern);
        if ((uint)head >= (uint)heads || (uint)example >= (uint)batch)
        {
            throw new ArgumentOutOfRangeException(nameof(head), $"Head {head} of example {example} is outside a pattern of {heads} heads and {batch} examples.");
        }
        var result = new double[queries, keys];
        int offset = (example * heads + head) * queries * keys;
        for (int q = 0; q < queries; q++)
        {
            for (int k = 0; k < keys; k++)
            {
                result[q, k] = pattern.Data[offset + q * keys + k];
            }
        }
        return result;
    }

    /// <summary>
    /// Per head, [layers, heads], the mean attention on the key at <paramref name="offset"/> from the
    /// query (k = q + offset; see <see cref="AttentionScores.Diagonal"/>).
    /// </summary>
    public static double[,] DiagonalScores(HookedTransformer model, TokenBatch tokens, int offset, int skipQueries = 0) =>
        PerLayer(model, tokens, p => AttentionScores.Diagonal(p, offset, skipQueries));

    /// <summary>Previous-token scores [layers, heads]: the diagonal at offset −1.</summary>
    public static double[,] PreviousTokenScores(HookedTransformer model, TokenBatch tokens, int skipQueries = 0) =>
        DiagonalScores(model, tokens, -1, skipQueries);

    /// <summary>
    /// Induction scores [layers, heads] on sequences that repeat with period <paramref name="period"/>
    /// (random tokens, then the same tokens again): attention from each token to the token after its
    /// previous occurrence, the diagonal at offset 1 − period, as TransformerLens's induction score.
    /// </summary>
    public static double[,] InductionScores(HookedTransformer model, TokenBatch tokens, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        return DiagonalScores(model, tokens, 1 - period);
    }

    /// <summary>Self scores [layers, heads]: the diagonal at offset 0.</summary>
    public static double[,] SelfScores(HookedTransformer model, TokenBatch tokens, int skipQueries = 0) =>
        DiagonalScores(model, tokens, 0, skipQueries);

    /// <summary>First-token (BOS) scores [layers, heads]: mean attention on key 0.</summary>
    public static double[,] FirstTokenScores(HookedTransformer model, TokenBatch tokens, int skipQueries = 0) =>
        PerLayer(model, tokens, p => AttentionScores.FirstToken(p, skipQueries));

    private static double[,] PerLayer(HookedTransformer model, TokenBatch tokens, Func<Tensor, double[]> score)
    {
        var patterns = All(model, tokens);
        var result = new double[patterns.Count, model.Config.NHeads];
        for (int l = 0; l < patterns.Count; l++)
        {
            var perHead = score(patterns[l]);
            for (int h = 0; h < perHead.Length; h++)
            {
                result[l, h] = perHead[h];
            }
        }
        return result;
    }
}
