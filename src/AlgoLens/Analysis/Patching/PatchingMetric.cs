using AlgoLens.Analysis.Interp;
using AlgoLens.Common;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Patching;

/// <summary>
/// A metric of the logits [batch, pos, d_vocab_out] read at one position, averaged over the batch,
/// with its gradient with respect to the logits: activation and path patching need its value,
/// attribution patching its gradient too. Build with <see cref="LogitDifference"/>,
/// <see cref="Loss"/> or <see cref="Probability"/>.
/// </summary>
public sealed class PatchingMetric
{
    private readonly Func<float[], int, double> value;
    private readonly Action<float[], int, float[]> gradient;

    private PatchingMetric(string name, int position, Func<float[], int, double> value, Action<float[], int, float[]> gradient)
    {
        Name = name;
        Position = position;
        this.value = value;
        this.gradient = gradient;
    }

    /// <summary>"logit-diff", "loss" or "prob".</summary>
    public string Name { get; }

    /// <summary>The position read (negative counts from the end).</summary>
    public int Position { get; }

    /// <summary>Mean over examples of logit[correct[b]] − logit[wrong[b]].</summary>
    public static PatchingMetric LogitDifference(int[] correct, int[] wrong, int position = -1)
    {
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentNullException.ThrowIfNull(wrong);
        return new("logit-diff", position,
            (row, b) => (double)row[Label(correct, b)] - row[Label(wrong, b)],
            (_, b, g) => { g[Label(correct, b)] += 1f; g[Label(wrong, b)] -= 1f; });
    }

    /// <summary>Mean cross-entropy of the labels (lower is better).</summary>
    public static PatchingMetric Loss(int[] labels, int position = -1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new("loss", position,
            (row, b) => -LogSoftmax(row)[Label(labels, b)],
            (row, b, g) =>
            {
                var logp = LogSoftmax(row);
                for (int j = 0; j < row.Length; j++)
                {
                    g[j] = (float)Math.Exp(logp[j]);
                }
                g[Label(labels, b)] -= 1f;
            });
    }

    /// <summary>Mean probability of the labels.</summary>
    public static PatchingMetric Probability(int[] labels, int position = -1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new("prob", position,
            (row, b) => Math.Exp(LogSoftmax(row)[Label(labels, b)]),
            (row, b, g) =>
            {
                var logp = LogSoftmax(row);
                int y = Label(labels, b);
                double py = Math.Exp(logp[y]);
                for (int j = 0; j < row.Length; j++)
                {
                    g[j] = (float)(-py * Math.Exp(logp[j]));
                }
                g[y] += (float)py;
            });
    }

    /// <summary>The metric of <paramref name="logits"/>.</summary>
    public double Value(Tensor logits) => LogitMetrics.Mean(logits, Position, value);

    /// <summary>d metric / d logits, the logits' shape (zero away from the metric's position).</summary>
    public Tensor Gradient(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        LogitMetrics.Mean(logits, Position, (_, _) => 0); // checks the shape and the position
        int batch = logits.Shape[0], positions = logits.Shape[1], vocab = logits.Shape[2];
        int p = Position < 0 ? Position + positions : Position;
        var result = new float[logits.Size];
        var row = new float[vocab];
        var g = new float[vocab];
        for (int b = 0; b < batch; b++)
        {
            int offset = (b * positions + p) * vocab;
            Array.Copy(logits.Data, offset, row, 0, vocab);
            Array.Clear(g);
            gradient(row, b, g);
            for (int j = 0; j < vocab; j++)
            {
                result[offset + j] = g[j] / batch;
            }
        }
        return new Tensor(result, logits.Shape);
    }

    private static int Label(int[] labels, int example) =>
        example < labels.Length
            ? labels[example]
            : throw new ArgumentException($"{labels.Length} labels for a batch of more than {labels.Length} examples; give one label per example.");

    private static double[] LogSoftmax(float[] row)
    {
        var result = new double[row.Length];
        LogSumExp.LogSoftmax(row, result);
        return result;
    }
}
