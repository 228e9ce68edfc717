using System.Numerics.Tensors;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Softmax over the last axis. With <paramref name="causal"/>, the tensor is read as
    /// [..., q, k] and entries with k &gt; q are masked (probability 0), as in a decoder's attention.
    /// Entries equal to -inf (e.g. from <see cref="CausalMask"/>) also get probability 0.
    /// </summary>
    public static Tensor Softmax(Tensor x, bool causal = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (rows, n, qLen) = SoftmaxLayout(x, causal, "Softmax");
        var y = MemoryScope.Zeroed(x.Size);
        for (int r = 0; r < rows; r++)
        {
            int valid = causal ? Math.Min(n, r % qLen + 1) : n;
            var src = x.Data.AsSpan(r * n, valid);
            var dst = y.AsSpan(r * n, valid);
            float max = TensorPrimitives.Max(src);
            if (float.IsNegativeInfinity(max))
            {
                throw new ArgumentException($"Softmax: row {r} of a tensor of shape {x.ShapeString} is entirely masked (-inf); no distribution exists.");
            }
            TensorPrimitives.Subtract(src, max, dst);
            TensorPrimitives.Exp(dst, dst);
            float sum = TensorPrimitives.Sum(dst);
            TensorPrimitives.Multiply(dst, 1f / sum, dst);
        }
        return Tensor.FromOp(y, x.Shape, "Softmax", [x], g =>
        {
            // dx = y * (g - sum(g * y)) per row
            var gx = x.GradBuffer();
            for (int r = 0; r < rows; r++)
            {
                var yr = y.AsSpan(r * n, n);
                var gr = g.AsSpan(r * n, n);
                float dot = TensorPrimitives.Dot(gr, yr);
                var dst = gx.AsSpan(r * n, n);
                for (int j = 0; j < n; j++)
                {
                    dst[j] += yr[j] * (gr[j] - dot);
                }
            }
        });
    }

    /// <summary>Log-softmax over the last axis (log-sum-exp in double for the normaliser).</summary>
    public static Tensor LogSoftmax(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (rows, n, _) = SoftmaxLayout(x, false, "LogSoftmax");
        var y = MemoryScope.Uninitialized(x.Size);
        for (int r = 0; r < rows; r++)
        {
            var src = x.Data.AsSpan(r * n, n);
            double lse = LogSumExp(src);
            for (int j = 0; j < n; j++)
            {
                y[r * n + j] = (float)(src[j] - lse);
            }
        }
        return Tensor.FromOp(y, x.Shape, "LogSoftmax", [x], g =>
        {
            // dx = g - softmax * sum(g)
            var gx = x.GradBuffer();
            for (int r = 0; r < rows; r++)
            {
                var gr = g.AsSpan(r * n, n);
                float total = TensorPrimitives.Sum(gr);
                for (int j = 0; j < n; j++)
                {
                    gx[r * n + j] += gr[j] - MathF.Exp(y[r * n + j]) * total;
                }
            }
        });
    }

    /// <summary>
    /// Reads x as [..., q, k] and sets entries with k &gt; q to -inf (a causal mask: query q sees
    /// keys 0..q only). Masked entries get no gradient.
    /// </summary>
    public static Tensor CausalMask(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (rows, n, qLen) = SoftmaxLayout(x, true, "CausalMask");
        var y = (float[])x.Data.Clone();
        for (int r = 0; r < rows; r++)
        {
            int q = r % qLen;
            y.AsSpan(r * n + q + 1, Math.Max(0, n - q - 1)).Fill(float.NegativeInfinity);
        }
        return Tensor.FromOp(y, x.Shape, "CausalMask", [x], g =>
        {
            var gx = x.GradBuffer();
            for (int r = 0; r < rows; r++)
            {
                int valid = Math.Min(n, r % qLen + 1);
                Broadcasting.Accumulate(gx.AsSpan(r * n, valid), g.AsSpan(r * n, valid));
            }
        });
    }

    /// <summary>
    /// Sets x to <paramref name="value"/> where <paramref name="mask"/> is true. The mask covers the
    /// trailing dimensions of x (its length must divide x's size in whole trailing blocks) and
    /// repeats over the leading ones. Filled entries get no gradient.
    /// </summary>
    public static Tensor MaskedFill(Tensor x, bool[] mask, float value)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mask);
        int block = mask.Length;
        int trailing = 1;
        bool fits = block == 0 ? x.Size == 0 : false;
        for (int i = x.Rank - 1; i >= 0 && !fits; i--)
        {
            trailing *= x.Dims[i];
            fits = trailing == block;
        }
        if (!fits && !(x.Rank == 0 && block == 1))
        {
            throw new ArgumentException($"MaskedFill: a mask of {block} elements does not cover whole trailing dimensions of shape {x.ShapeString}.");
        }
        var y = (float[])x.Data.Clone();
        for (int i = 0; i < y.Length; i++)
        {
            if (mask[i % block])
            {
                y[i] = value;
            }
        }
        return Tensor.FromOp(y, x.Shape, "MaskedFill", [x], g =>
        {
            var gx = x.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                if (!mask[i % block])
                {
                    gx[i] += g[i];
                }
            }
        });
    }

    private static (int Rows, int N, int QLen) SoftmaxLayout(Tensor x, bool causal, string op)
    {
        if (x.Rank == 0 || (causal && x.Rank < 2))
        {
            throw new ArgumentException($"{op}: needs {(causal ? "a [..., q, k] tensor" : "at least one axis")}; got shape {x.ShapeString}.");
        }
        int n = x.Dims[^1];
        int rows = n == 0 ? 0 : x.Size / n;
        int qLen = causal ? x.Dims[^2] : 1;
        return (rows, n, Math.Max(qLen, 1));
    }

    internal static double LogSumExp(ReadOnlySpan<float> row) => LogSumExp(row, new double[row.Length]);
}
