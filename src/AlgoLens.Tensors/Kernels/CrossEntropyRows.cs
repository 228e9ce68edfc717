using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// One row of <c>Ops.CrossEntropy</c>'s forward in double: the loss max − x[label] + log1p(rest),
/// rest = Σ over the non-max entries of exp(x − max), and the softmax kept for the backward. One
/// pass of 8-lane double vectors (widen, subtract, exp, sum) instead of a vector call per step,
/// which for rows of ~100 classes cost more in calls and tails than in arithmetic.
/// </summary>
internal static class CrossEntropyRows
{
    /// <summary>Doubles of scratch a row of <paramref name="classes"/> needs (whole vectors of 16).</summary>
    public static int ScratchLength(int classes) => (classes + 15) / 16 * 16;

    /// <summary>The row's loss; <paramref name="probabilities"/> gets its softmax in float32 and
    /// <paramref name="labelGradient"/> the label's p − 1 in double (for a confident row ~−1e-9,
    /// which float32 p would round to 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Row(ReadOnlySpan<float> row, int label, double[] scratch, Span<float> probabilities, out double labelGradient)
    {
        int classes = row.Length;
        int argMax = TensorPrimitives.IndexOfMax(row);
        double max = row[argMax];
        var s = scratch.AsSpan(0, ScratchLength(classes));
        if (Vector512.IsHardwareAccelerated)
        {
            // exp(x − max) for whole vectors of 16, the last one padded with the max (whose exp is
            // then cleared: −∞ would send the vector exp down its slow scalar path).
            Span<float> tail = stackalloc float[16];
            var shift = Vector512.Create(max);
            for (int j = 0; j < classes; j += 16)
            {
                Vector512<float> x;
                if (j + 16 <= classes)
                {
                    x = Vector512.Create(row.Slice(j, 16));
                }
                else
                {
                    tail.Fill(row[argMax]);
                    row[j..].CopyTo(tail);
                    x = Vector512.Create((ReadOnlySpan<float>)tail);
                }
                Vector512.Exp(Vector512.WidenLower(x) - shift).CopyTo(s.Slice(j, 8));
                Vector512.Exp(Vector512.WidenUpper(x) - shift).CopyTo(s.Slice(j + 8, 8));
            }
        }
        else
        {
            for (int j = 0; j < classes; j++)
            {
                s[j] = Math.Exp(row[j] - max);
            }
        }
        s[classes..].Clear();
        s[argMax] = 0; // the max's own term is the 1 of log1p
        double rest = TensorPrimitives.Sum<double>(s);
        double logNormaliser = LogOnePlus(rest);
        // softmax = exp(x − max − logNormaliser); the max's own term is exp(−logNormaliser).
        double normaliser = Math.Exp(-logNormaliser);
        s[argMax] = 1.0;
        for (int j = 0; j < classes; j++)
        {
            probabilities[j] = (float)(s[j] * normaliser);
        }
        labelGradient = s[label] * normaliser - 1.0;
        return (max - row[label]) + logNormaliser;
    }

    // log(1 + x), accurate for tiny x (Goldberg's trick: the rounding of 1 + x cancels out).
    private static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
