using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of logits [n, classes] against integer labels, with each row's
    /// log-sum-exp in float64: in float32, the loss of a confident model underflows and training
    /// sees spurious spikes. <paramref name="loss"/> is the exact (double) mean. Rows are processed
    /// in parallel and their losses summed in row order, so the result is thread-count independent.
    /// Each row's log-sum-exp is max + log1p(rest), rest = the sum of exp(x - max) over the other
    /// entries: a confident row's loss stays exact down to ~1e-300, where max + log(1 + rest) would
    /// round it to 0 below ~1e-16. The softmax is kept for the backward.
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
        var labelCopy = MemoryScope.CopyOfInts(labels);
        for (int r = 0; r < n; r++)
        {
            if ((uint)labelCopy[r] >= (uint)classes)
            {
                throw new ArgumentException($"CrossEntropy: label {labelCopy[r]} in row {r} is out of range for {classes} classes.");
            }
        }
        // Per-row doubles in pooled float storage (two floats each), so a step allocates none.
        var rowLossStorage = MemoryScope.Uninitialized(2 * n);
        // The softmax is kept for the backward in float32 (pooled), except each row's label entry,
        // whose p - 1 is kept in double: for a confident row it is ~-1e-9, which float32 p would
        // round to 0.
        var probabilities = MemoryScope.Uninitialized(n * classes);
        var labelGradientStorage = MemoryScope.Uninitialized(2 * n);
        Parallelism.ForRanges(n, CrossEntropyGrain, (r0, r1) =>
        {
            var scratch = new double[CrossEntropyRows.ScratchLength(classes)];
            var rowLoss = AsDoubles(rowLossStorage);
            var labelGradient = AsDoubles(labelGradientStorage);
            for (int r = r0; r < r1; r++)
            {
                rowLoss[r] = CrossEntropyRows.Row(logits.Data.AsSpan(r * classes, classes), labelCopy[r], scratch,
                    probabilities.AsSpan(r * classes, classes), out labelGradient[r]);
            }
        });
        double total = 0;
        foreach (double l in AsDoubles(rowLossStorage))
        {
            total += l;
        }
        loss = total / n;
        return Tensor.FromOp([(float)loss], [], "CrossEntropy", [logits], g =>
        {
            // d loss / d logit = (softmax - onehot) / n, from the double log-sum-exp.
            var gl = logits.GradBufferToOverwrite(out bool accumulate);
            double scale = g[0] / (double)n;
            Parallelism.ForRanges(n, CrossEntropyGrain, (r0, r1) =>
            {
                var labelGradient = AsDoubles(labelGradientStorage);
                for (int r = r0; r < r1; r++)
                {
                    int offset = r * classes;
                    int label = labelCopy[r];
                    for (int j = 0; j < classes; j++)
                    {
                        float d = (float)(scale * (j == label ? labelGradient[r] : probabilities[offset + j]));
                        gl[offset + j] = accumulate ? gl[offset + j] + d : d;
                    }
                }
            });
        });
    }

    /// <summary>Mean cross-entropy (see the overload with the exact loss).</summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels) => CrossEntropy(logits, labels, out _);

    private const int CrossEntropyGrain = 512;

    // The first n doubles of storage of 2n floats (a pooled array's data is 8-byte aligned).
    private static Span<double> AsDoubles(float[] storage) => MemoryMarshal.Cast<float, double>(storage.AsSpan());

    // log(sum(exp(row))) in double, as (max, log1p(sum over the non-max entries of exp(x - max))).
    internal static (double Max, double LogNormaliser) ShiftedLogSumExp(ReadOnlySpan<float> row, Span<double> scratch)
    {
        int argMax = TensorPrimitives.IndexOfMax(row);
        double max = row[argMax];
        var s = scratch[..row.Length];
        TensorPrimitives.ConvertChecked<float, double>(row, s);
        TensorPrimitives.Subtract(s, max, s);
        TensorPrimitives.Exp(s, s);
        s[argMax] = 0;
        return (max, LogOnePlus(TensorPrimitives.Sum<double>(s)));
    }

    internal static double LogSumExp(ReadOnlySpan<float> row, double[] scratch)
    {
        var (max, logNormaliser) = ShiftedLogSumExp(row, scratch);
        return max + logNormaliser;
    }

    // log(1 + x), accurate for tiny x (Goldberg's trick: the rounding of 1 + x cancels out).
    private static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
