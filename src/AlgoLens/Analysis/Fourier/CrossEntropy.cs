using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// Cross-entropy of one row of logits in float64: a grokked model's loss is ~1e-8, which a
/// float32 log-sum-exp cannot resolve.
/// </summary>
internal static class CrossEntropy
{
    /// <summary>
    /// −log softmax(row)[label], as (max − row_label) + log1p(Σ_{c ≠ argmax} exp(row_c − max)):
    /// a confident row's loss stays exact far below 1e-16, where log Σ exp would round it to 0.
    /// <paramref name="scratch"/> holds at least row.Length values.
    /// </summary>
    public static double Of(ReadOnlySpan<double> row, int label, Span<double> scratch)
    {
        int argMax = TensorPrimitives.IndexOfMax(row);
        double max = row[argMax];
        var shifted = scratch[..row.Length];
        TensorPrimitives.Subtract(row, max, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        shifted[argMax] = 0;
        return (max - row[label]) + LogOnePlus(TensorPrimitives.Sum<double>(shifted));
    }

    // log(1 + x), accurate for tiny x (Goldberg's trick: the rounding of 1 + x cancels out).
    private static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>Checks that indices and labels pair up and lie in range.</summary>
    public static void CheckTargets(ReadOnlySpan<int> indices, ReadOnlySpan<int> labels, int rows, int classes)
    {
        if (indices.Length != labels.Length)
        {
            throw new ArgumentException($"{indices.Length} indices but {labels.Length} labels; give one label per index.", nameof(labels));
        }
        if (indices.Length == 0)
        {
            throw new ArgumentException("The loss needs at least one input index.", nameof(indices));
        }
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)rows)
            {
                throw new ArgumentException($"Input index {indices[i]} is outside 0 .. {rows - 1}.", nameof(indices));
            }
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"Label {labels[i]} is outside 0 .. {classes - 1}.", nameof(labels));
            }
        }
    }
}
