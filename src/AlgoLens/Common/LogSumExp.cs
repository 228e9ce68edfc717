namespace AlgoLens.Common;

/// <summary>
/// log Σ exp over a row of logits, in double with the row's maximum subtracted first (so no term
/// overflows), and the quantities built on it. One implementation for every loss and metric read
/// from logits outside the training kernels (metrics.csv, per-token loss, patching, scrubbing, ACDC),
/// so they agree to the bit on the same logits.
/// </summary>
public static class LogSumExp
{
    /// <summary>log Σ_c exp(row[c]).</summary>
    public static double Of(ReadOnlySpan<float> row)
    {
        double max = double.NegativeInfinity;
        foreach (float value in row)
        {
            max = Math.Max(max, value);
        }
        double sum = 0;
        foreach (float value in row)
        {
            sum += Math.Exp(value - max);
        }
        return max + Math.Log(sum);
    }

    /// <summary>The cross-entropy −log softmax(row)[label].</summary>
    public static double CrossEntropy(ReadOnlySpan<float> row, int label) => Of(row) - row[label];

    /// <summary>log softmax(row) into <paramref name="result"/> (the row's length).</summary>
    public static void LogSoftmax(ReadOnlySpan<float> row, Span<double> result)
    {
        double log = Of(row);
        for (int c = 0; c < row.Length; c++)
        {
            result[c] = row[c] - log;
        }
    }
}
