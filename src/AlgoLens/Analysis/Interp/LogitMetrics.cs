using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Standard metrics on logits [batch, pos, d_vocab_out] for patching and ablation, each the mean
/// over the batch, read at one position (negative counts from the end; -1, the last, by default).
/// </summary>
public static class LogitMetrics
{
    /// <summary>Mean of logit[correct] − logit[wrong].</summary>
    public static Func<Tensor, double> LogitDifference(int correct, int wrong, int position = -1) =>
        logits => Mean(logits, position, (row, _) => (double)row[correct] - row[wrong]);

    /// <summary>Mean of logit[correct[b]] − logit[wrong[b]], each example with its own pair of tokens.</summary>
    public static Func<Tensor, double> LogitDifference(int[] correct, int[] wrong, int position = -1)
    {
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentNullException.ThrowIfNull(wrong);
        return logits => Mean(logits, position, (row, b) => (double)row[Label(correct, b)] - row[Label(wrong, b)]);
    }

    /// <summary>Mean cross-entropy loss of the labels (log-sum-exp in double).</summary>
    public static Func<Tensor, double> Loss(int[] labels, int position = -1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return logits => Mean(logits, position, (row, b) => LogSumExp(row) - row[Label(labels, b)]);
    }

    /// <summary>Mean log-probability of the labels (the negative of <see cref="Loss"/>).</summary>
    public static Func<Tensor, double> LogProbability(int[] labels, int position = -1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return logits => Mean(logits, position, (row, b) => row[Label(labels, b)] - LogSumExp(row));
    }

    /// <summary>Mean probability of the labels.</summary>
    public static Func<Tensor, double> Probability(int[] labels, int position = -1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return logits => Mean(logits, position, (row, b) => Math.Exp(row[Label(labels, b)] - LogSumExp(row)));
    }

    /// <summary>Mean over the batch of <paramref name="perExample"/>(logits row at the position, example index).</summary>
    public static double Mean(Tensor logits, int position, Func<float[], int, double> perExample)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(perExample);
        if (logits.Rank != 3)
        {
            throw new ArgumentException($"Metrics read logits [batch, pos, d_vocab_out]; got shape {logits.ShapeString}.");
        }
        int batch = logits.Shape[0], positions = logits.Shape[1], vocab = logits.Shape[2];
        int p = position < 0 ? position + positions : position;
        if (p < 0 || p >= positions)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"Position {position} is outside the {positions} positions of the logits.");
        }
        double total = 0;
        var row = new float[vocab];
        for (int b = 0; b < batch; b++)
        {
            Array.Copy(logits.Data, (b * positions + p) * vocab, row, 0, vocab);
            total += perExample(row, b);
        }
        return total / batch;
    }

    private static int Label(int[] labels, int example) =>
        example < labels.Length
            ? labels[example]
            : throw new ArgumentException($"{labels.Length} labels for a batch of more than {labels.Length} examples; give one label per example.");

    private static double LogSumExp(float[] row) => Common.LogSumExp.Of(row);
}
