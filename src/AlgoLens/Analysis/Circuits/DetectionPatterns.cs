namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// TransformerLens's detection patterns (<c>head_detector.py</c>), [q_pos, k_pos] matrices of 0 and 1
/// saying where a head of each kind should attend on one token sequence. All are lower triangular.
/// </summary>
public static class DetectionPatterns
{
    /// <summary>Previous-token: 1 at [q, q − 1] for q ≥ 1 (<c>get_previous_token_head_detection_pattern</c>).</summary>
    public static double[,] PreviousToken(ReadOnlySpan<int> tokens)
    {
        int n = tokens.Length;
        var pattern = new double[n, n];
        for (int q = 1; q < n; q++)
        {
            pattern[q, q - 1] = 1;
        }
        return pattern;
    }

    /// <summary>
    /// Duplicate-token: 1 at [q, k] for every earlier key k &lt; q holding the query's token (the
    /// diagonal, where every token matches itself, left out; <c>get_duplicate_token_head_detection_pattern</c>).
    /// </summary>
    public static double[,] DuplicateToken(ReadOnlySpan<int> tokens)
    {
        int n = tokens.Length;
        var pattern = new double[n, n];
        for (int q = 0; q < n; q++)
        {
            for (int k = 0; k < q; k++)
            {
                pattern[q, k] = tokens[q] == tokens[k] ? 1 : 0;
            }
        }
        return pattern;
    }

    /// <summary>
    /// Induction: the duplicate-token pattern shifted one key to the right, so 1 at [q, k] where the
    /// token before k (at k − 1 &lt; q) is the query's token, keys k ≤ q, column 0 empty
    /// (<c>get_induction_head_detection_pattern</c>: roll by one column, zero the first, tril). As
    /// there, the key k = q counts when the token before the query repeats it.
    /// </summary>
    public static double[,] Induction(ReadOnlySpan<int> tokens)
    {
        int n = tokens.Length;
        var duplicate = DuplicateToken(tokens);
        var pattern = new double[n, n];
        for (int q = 0; q < n; q++)
        {
            for (int k = 1; k <= q; k++)
            {
                pattern[q, k] = duplicate[q, k - 1];
            }
        }
        return pattern;
    }
}
