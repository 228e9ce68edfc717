using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Per-head summary scores of one attention pattern [batch, head, q_pos, k_pos] (a layer's
/// hook_pattern, or one built by hand), each a mean over examples and queries.
/// </summary>
public static class AttentionScores
{
    /// <summary>
    /// Per head, the mean of pattern[q, q + offset] over the queries whose key exists (so offset −1
    /// leaves out query 0, as TransformerLens's <c>diagonal</c> does) and that are at least
    /// <paramref name="skipQueries"/> (e.g. 1 to drop query 0, whose attention is forced onto itself).
    /// Offset −1 is the previous-token score, 0 the self score, 1 − period the induction score.
    /// </summary>
    public static double[] Diagonal(Tensor pattern, int offset, int skipQueries = 0)
    {
        var (batch, heads, queries, keys) = Dims(pattern);
        if (offset > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Offset {offset} looks at future keys, which a causal pattern never attends to; use 0 (self) or a negative offset.");
        }
        int first = Math.Max(skipQueries, -offset);
        if (first >= queries)
        {
            throw new ArgumentException($"No query has a key at offset {offset} (with {skipQueries} skipped) in a pattern of {queries} queries.");
        }
        return Mean(pattern, batch, heads, queries, keys, first, q => q + offset);
    }

    /// <summary>Per head, the mean attention on key 0 (a first-token or BOS score), over queries from <paramref name="skipQueries"/> on.</summary>
    public static double[] FirstToken(Tensor pattern, int skipQueries = 0)
    {
        var (batch, heads, queries, keys) = Dims(pattern);
        if (skipQueries >= queries)
        {
            throw new ArgumentException($"Skipping {skipQueries} queries leaves none of the pattern's {queries}.");
        }
        return Mean(pattern, batch, heads, queries, keys, Math.Max(0, skipQueries), _ => 0);
    }

    /// <summary>Previous-token score per head: <see cref="Diagonal"/> at offset −1.</summary>
    public static double[] PreviousToken(Tensor pattern) => Diagonal(pattern, -1);

    /// <summary>Self (diagonal) score per head: <see cref="Diagonal"/> at offset 0.</summary>
    public static double[] Self(Tensor pattern, int skipQueries = 0) => Diagonal(pattern, 0, skipQueries);

    internal static (int Batch, int Heads, int Queries, int Keys) Dims(Tensor pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Rank != 4)
        {
            throw new ArgumentException($"An attention pattern is [batch, head, q_pos, k_pos]; got shape {pattern.ShapeString}.");
        }
        var s = pattern.Shape;
        return (s[0], s[1], s[2], s[3]);
    }

    private static double[] Mean(Tensor pattern, int batch, int heads, int queries, int keys, int firstQuery, Func<int, int> keyOf)
    {
        var scores = new double[heads];
        for (int h = 0; h < heads; h++)
        {
            double total = 0;
            for (int b = 0; b < batch; b++)
            {
                int offset = (b * heads + h) * queries * keys;
                for (int q = firstQuery; q < queries; q++)
                {
                    total += pattern.Data[offset + q * keys + keyOf(q)];
                }
            }
            scores[h] = total / (batch * (queries - firstQuery));
        }
        return scores;
    }
}
