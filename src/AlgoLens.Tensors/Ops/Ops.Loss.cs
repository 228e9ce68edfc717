using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of logits [n, classes] against integer labels, with each row's
    /// log-sum-exp in float64: in float32, the loss of a confident model underflows and training
    /// sees spurious spikes. <paramref name="loss"/> is the exact (double) mean. Rows are processed
    /// in parallel and their losses summed in row order, so the result is thread-count independent.
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
        for (int r = 0; r < n; r++)
        {
            if ((uint)labelCopy[r] >= (uint)classes)
            {
                throw new ArgumentException($"CrossEntropy: label {labelCopy[r]} in row {r} is out of range for {classes} classes.");
            }
        }
        var lse = new double[n];
        var rowLoss = new double[n];
        Parallelism.ForRanges(n, CrossEntropyGrain, (r0, r1) =>
        {
            var scratch = new double[classes];
            for (int r = r0; r < r1; r++)
            {
                var row = logits.Data.AsSpan(r * classes, classes);
                lse[r] = LogSumExp(row, scratch);
                rowLoss[r] = lse[r] - row[labelCopy[r]];
            }
        });
        double total = 0;
        foreach (double l in rowLoss)
        {
            total += l;
        }
        loss = total / n;
        return Tensor.FromOp([(float)loss], [], "CrossEntropy", [logits], g =>
        {
            // d loss / d logit = (softmax - onehot) / n, from the double log-sum-exp.
            var gl = logits.GradBuffer();
            double scale = g[0] / (double)n;
            Parallelism.ForRanges(n, CrossEntropyGrain, (r0, r1) =>
            {
                var p = new double[classes];
                for (int r = r0; r < r1; r++)
                {
                    int offset = r * classes;
                    for (int j = 0; j < classes; j++)
                    {
                        p[j] = logits.Data[offset + j] - lse[r];
                    }
                    TensorPrimitives.Exp(p, p);
                    p[labelCopy[r]] -= 1.0;
                    for (int j = 0; j < classes; j++)
                    {
                        gl[offset + j] += (float)(scale * p[j]);
                    }
                }
            });
        });
    }

    /// <summary>Mean cross-entropy (see the overload with the exact loss).</summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels) => CrossEntropy(logits, labels, out _);

    private const int CrossEntropyGrain = 512;

    // log(sum(exp(row))) in double, vectorised through a scratch row.
    internal static double LogSumExp(ReadOnlySpan<float> row, double[] scratch)
    {
        float max = TensorPrimitives.Max(row);
        var s = scratch.AsSpan(0, row.Length);
        for (int j = 0; j < row.Length; j++)
        {
            s[j] = (double)row[j] - max;
        }
        TensorPrimitives.Exp(s, s);
        return max + Math.Log(TensorPrimitives.Sum<double>(s));
    }
}
