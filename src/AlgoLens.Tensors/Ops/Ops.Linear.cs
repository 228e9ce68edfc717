using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// x·W + b for x [..., d_in], W [d_in, d_out], b [d_out] (or null): one GEMM that adds the bias
    /// in its epilogue, while each output tile is in L1, saving a separate pass over the output.
    /// </summary>
    public static unsafe Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2 || x.Rank < 1 || x.Dims[^1] != weight.Dims[0] || (bias is not null && (bias.Rank != 1 || bias.Dims[0] != weight.Dims[1])))
        {
            throw new ArgumentException($"Linear: x {x.ShapeString}, weight {weight.ShapeString}{(bias is null ? "" : $", bias {bias.ShapeString}")} do not fit; need x [..., d_in], weight [d_in, d_out], bias [d_out].");
        }
        int dIn = weight.Dims[0], dOut = weight.Dims[1];
        int rows = x.Size / Math.Max(dIn, 1);
        var y = MemoryScope.Uninitialized(rows * dOut);
        fixed (float* pBias = bias?.Data)
        {
            Gemm.MultiplyWithEpilogue(false, false, rows, dOut, dIn, x.Data, dIn, weight.Data, dOut, y, dOut, accumulate: false,
                GemmEpilogue.BiasActivation(pBias, relu: false));
        }
        int[] outShape = [.. x.Dims[..^1], dOut];
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Tensor.FromOp(y, outShape, "Linear", inputs, g =>
        {
            if (x.RequiresGrad)
            {
                var gx = x.GradBufferToOverwrite(out bool accumulate);
                Gemm.Multiply(false, true, rows, dIn, dOut, g, dOut, weight.Data, dOut, gx, dIn, accumulate);
            }
            if (weight.RequiresGrad)
            {
                Gemm.Multiply(true, false, dIn, dOut, rows, x.Data, dIn, g, dOut, weight.GradBuffer(), dOut, accumulate: true);
            }
            if (bias?.RequiresGrad == true)
            {
                ColumnSums(g, rows, dOut, bias.GradBuffer());
            }
        });
    }

    // target[j] += sum_r g[r, j], with a fixed summation order (rows in blocks, blocks in order).
    private static void ColumnSums(float[] g, int rows, int cols, float[] target)
    {
        const int Block = 64;
        int blocks = (rows + Block - 1) / Block;
        var partial = MemoryScope.Zeroed(blocks * cols);
        Parallelism.ForRanges(blocks, 16, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                var dst = partial.AsSpan(b * cols, cols);
                for (int r = b * Block; r < Math.Min(rows, (b + 1) * Block); r++)
                {
                    TensorPrimitives.Add(dst, g.AsSpan(r * cols, cols), dst);
                }
            }
        });
        for (int b = 0; b < blocks; b++)
        {
            TensorPrimitives.Add(target, partial.AsSpan(b * cols, cols), target);
        }
    }
}
