namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// How well one head's attention pattern [q_pos, k_pos] on one sequence matches a detection pattern
/// of 0 and 1 (<see cref="DetectionPatterns"/>).
/// </summary>
public static class PatternMatch
{
    /// <summary>
    /// TransformerLens's "mul" error measure (<c>compute_head_attention_similarity_score</c>): the
    /// attention on the detection pattern divided by all attention, Σ A·D / Σ A. Query positions with
    /// no target count in the denominator, so even a perfect head scores below 1 unless every query
    /// has a target. <paramref name="excludeBos"/> zeroes attention on key 0 and
    /// <paramref name="excludeCurrentToken"/> on the diagonal first (both off by default, as in TL).
    /// </summary>
    public static double TlMul(double[,] attention, double[,] detection, bool excludeBos = false, bool excludeCurrentToken = false)
    {
        int n = CheckShapes(attention, detection);
        double onPattern = 0, total = 0;
        for (int q = 0; q < n; q++)
        {
            for (int k = 0; k < n; k++)
            {
                double a = (excludeBos && k == 0) || (excludeCurrentToken && k == q) ? 0 : attention[q, k];
                onPattern += a * detection[q, k];
                total += a;
            }
        }
        return onPattern / total;
    }

    /// <summary>
    /// The attention on the detection pattern, summed per query, for each query that has at least
    /// one target in it (query position, share); a perfect head has share 1 at every such query.
    /// </summary>
    public static IEnumerable<(int Query, double Share)> SharesOnTargets(double[,] attention, double[,] detection)
    {
        int n = CheckShapes(attention, detection);
        for (int q = 0; q < n; q++)
        {
            bool hasTarget = false;
            double share = 0;
            for (int k = 0; k < n; k++)
            {
                if (detection[q, k] != 0)
                {
                    hasTarget = true;
                    share += attention[q, k] * detection[q, k];
                }
            }
            if (hasTarget)
            {
                yield return (q, share);
            }
        }
    }

    private static int CheckShapes(double[,] attention, double[,] detection)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(detection);
        int n = attention.GetLength(0);
        if (attention.GetLength(1) != n || detection.GetLength(0) != n || detection.GetLength(1) != n)
        {
            throw new ArgumentException($"The attention pattern [{n}, {attention.GetLength(1)}] and the detection pattern [{detection.GetLength(0)}, {detection.GetLength(1)}] must be square and of one size.");
        }
        return n;
    }
}
