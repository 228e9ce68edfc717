namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of logits [n, classes] against integer labels, with each row's
    /// log-sum-exp in float64: in float32, the loss of a confident model underflows and training
    /// sees spurious spikes. <paramref name="loss"/> is the exact (double) mean.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, out double loss)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"CrossEntropy: logits must be [n, classes]; got {logits.ShapeString}. Reshape or slice the positions that carry loss first.");
        }
        int n = logits.Dims[0];
        int classes = logits.Dims[1];
        if (labels.Length != n)
        {
            throw new ArgumentException($"CrossEntropy: {labels.Length} labels for logits of shape {logits.ShapeString} (need {n}).");
        }
        if (n == 0)
        {
            throw new ArgumentException("CrossEntropy: no rows; the mean of an empty batch is undefined.");
        }
        var labelCopy = labels.ToArray();
        var lse = new double[n];
        double total = 0;
        for (int r = 0; r < n; r++)
        {
            int label = labelCopy[r];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException($"CrossEntropy: label {label} in row {r} is out of range for {classes} classes.");
            }
            var row = logits.Data.AsSpan(r * classes, classes);
            lse[r] = LogSumExp(row);
            total += lse[r] - row[label];
        }
        loss = total / n;
        return Tensor.FromOp([(float)loss], [], "CrossEntropy", [logits], g =>
        {
            // d loss / d logit = (softmax - onehot) / n, computed from the double log-sum-exp.
            var gl = logits.GradBuffer();
            double scale = g[0] / (double)n;
            for (int r = 0; r < n; r++)
            {
                int offset = r * classes;
                for (int j = 0; j < classes; j++)
                {
                    double p = Math.Exp(logits.Data[offset + j] - lse[r]);
                    gl[offset + j] += (float)(scale * (j == labelCopy[r] ? p - 1.0 : p));
                }
            }
        });
    }

    /// <summary>Mean cross-entropy (see the overload with the exact loss).</summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels) => CrossEntropy(logits, labels, out _);
}
