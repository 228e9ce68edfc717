using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Measures;

/// <summary>Entropy of attention patterns: how spread out each head's attention is.</summary>
public static class AttentionEntropy
{
    /// <summary>
    /// Per head, the mean over the batch and the query positions <paramref name="queryPositions"/>
    /// of the entropy −Σ_k a_k ln a_k (nats) of a pattern [batch, head, q_pos, k_pos]. Masked keys
    /// have a_k = 0 and add nothing; a uniform pattern over n keys has entropy ln n, a one-hot one 0.
    /// </summary>
    public static double[] PerHead(Tensor pattern, IReadOnlyList<int> queryPositions)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(queryPositions);
        if (pattern.Rank != 4)
        {
            throw new ArgumentException($"An attention pattern is [batch, head, q_pos, k_pos]; got {pattern.ShapeString}.", nameof(pattern));
        }
        int batch = pattern.Shape[0], heads = pattern.Shape[1], queries = pattern.Shape[2], keys = pattern.Shape[3];
        if (queryPositions.Count == 0 || queryPositions.Any(q => q < 0 || q >= queries))
        {
            throw new ArgumentException($"Query positions [{string.Join(", ", queryPositions)}] must be a non-empty subset of 0 .. {queries - 1}.", nameof(queryPositions));
        }
        var entropy = new double[heads];
        var data = pattern.Data;
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < heads; h++)
            {
                foreach (int q in queryPositions)
                {
                    int row = ((b * heads + h) * queries + q) * keys;
                    double sum = 0;
                    for (int k = 0; k < keys; k++)
                    {
                        double a = data[row + k];
                        sum -= a > 0 ? a * Math.Log(a) : 0; // 0 ln 0 = 0
                    }
                    entropy[h] += sum;
                }
            }
        }
        double count = (double)batch * queryPositions.Count;
        for (int h = 0; h < heads; h++)
        {
            entropy[h] /= count;
        }
        return entropy;
    }
}
