using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// Which keys each query may see, and the attention-rate interpolation that follows the softmax.
/// <para>
/// A key is hidden (its score set to -inf) when it is in the query's future under causal attention,
/// or when it is padding (attention mask false), as TransformerLens does with <c>attention_mask</c>.
/// One exception keeps every softmax row defined: a query always sees its own position. For a real
/// query that changes nothing (its own slot is a real key); a padding query thus attends to itself
/// and whatever real keys it may see, never producing NaN, and since no query attends to a padding
/// key, nothing at padding positions reaches the outputs at real positions. Losses read real
/// positions only, so what padding positions compute is irrelevant but finite.
/// </para>
/// </summary>
internal static class AttentionMasking
{
    /// <summary>
    /// The scores [batch, head, q, pos] with hidden keys set to -inf. Query i stands at position
    /// <paramref name="queryPositions"/>[i] (or i when null); <paramref name="paddingMask"/> is
    /// [batch, pos], true for real slots, or null.
    /// </summary>
    public static Tensor Mask(Tensor scores, bool causal, int[]? queryPositions, bool[]? paddingMask)
    {
        int batch = scores.Shape[0], heads = scores.Shape[1], qLen = scores.Shape[2], pos = scores.Shape[3];
        if (paddingMask is null)
        {
            return causal ? MaskFuture(scores, queryPositions, qLen, pos) : scores;
        }
        var hidden = new bool[batch * heads * qLen * pos]; // [batch, head, q, pos]
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < qLen; i++)
            {
                int query = queryPositions?[i] ?? i;
                for (int key = 0; key < pos; key++)
                {
                    bool isHidden = (causal && key > query) || (!paddingMask[b * pos + key] && key != query);
                    for (int h = 0; h < heads; h++)
                    {
                        hidden[((b * heads + h) * qLen + i) * pos + key] = isHidden;
                    }
                }
            }
        }
        return Ops.MaskedFill(scores, hidden, float.NegativeInfinity);
    }

    /// <summary>
    /// Zhong et al.'s attention rate: rate·pattern + (1 - rate)·uniform, where the uniform
    /// distribution of each row covers the keys whose score is finite (those the query may see,
    /// read from the scores as hooked, so a hook that hides more keys narrows it too). The uniform
    /// part is constant: no gradient flows through it.
    /// </summary>
    public static Tensor Interpolate(Tensor pattern, Tensor scores, float rate)
    {
        int n = scores.Shape[^1];
        int rows = scores.Size / n;
        var uniform = new float[scores.Size]; // [batch, head, q, pos]
        for (int r = 0; r < rows; r++)
        {
            var row = scores.Data.AsSpan(r * n, n);
            int visible = 0;
            foreach (float s in row)
            {
                visible += float.IsNegativeInfinity(s) ? 0 : 1;
            }
            for (int key = 0; key < n; key++)
            {
                uniform[r * n + key] = float.IsNegativeInfinity(row[key]) ? 0f : (1f - rate) / visible;
            }
        }
        return Ops.Scale(pattern, rate) + new Tensor(uniform, scores.Shape);
    }

    // The causal mask: query i (at position queryPositions[i], or i) sees keys at positions <= its own.
    private static Tensor MaskFuture(Tensor scores, int[]? queryPositions, int qLen, int pos)
    {
        if (queryPositions is null)
        {
            return Ops.CausalMask(scores);
        }
        var mask = new bool[qLen * pos];
        bool any = false;
        for (int i = 0; i < qLen; i++)
        {
            for (int key = queryPositions[i] + 1; key < pos; key++)
            {
                mask[i * pos + key] = true;
                any = true;
            }
        }
        return any ? Ops.MaskedFill(scores, mask, float.NegativeInfinity) : scores;
    }
}
