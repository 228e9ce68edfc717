using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// x·W + b for x [..., d_in], W [d_in, d_out], b [d_out] (or null): one GEMM that adds the bias
    /// in its epilogue, while each output tile is in L1, saving a separate pass over the output.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias) => Linear(x, weight, bias, addend: null);

    /// <summary>
    /// addend + (x·W + b): a linear layer and the residual add after it, the addend added in the
    /// product's epilogue, with the same bits as <c>addend + Linear(x, W, b)</c> and no pass over
    /// the output for the add (nor one for its gradient: the addend's is the output's).
    /// </summary>
    /// <param name="x">Input [..., d_in].</param>
    /// <param name="weight">[d_in, d_out].</param>
    /// <param name="bias">[d_out], or null.</param>
    /// <param name="addend">[..., d_out] (x's leading dimensions), or null.</param>
    public static unsafe Tensor Linear(Tensor x, Tensor weight, Tensor? bias, Tensor? addend)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2 || x.Rank < 1 || x.Dims[^1] != weight.Dims[0] || (bias is not null && (bias.Rank != 1 || bias.Dims[0] != weight.Dims[1])))
        {
            throw new ArgumentException($"Linear: x {x.ShapeString}, weight {weight.ShapeString}{(bias is null ? "" : $", bias {bias.ShapeString}")} do not fit; need x [..., d_in], weight [d_in, d_out], bias [d_out].");
        }
        int dIn = weight.Dims[0], dOut = weight.Dims[1];
        int[] outShape = [.. x.Dims[..^1], dOut];
        if (addend is not null && !Shape.Equal(addend.Dims, outShape))
        {
            throw new ArgumentException($"Linear: addend {addend.ShapeString} does not fit the output {Shape.Format(outShape)} of x {x.ShapeString} and weight {weight.ShapeString}; pass an addend of the output's shape.");
        }
        int rows = x.Size / Math.Max(dIn, 1);
        var y = MemoryScope.Uninitialized(rows * dOut);
        fixed (float* pBias = bias?.Data)
        fixed (float* pAddend = addend?.Data)
        {
            Gemm.MultiplyWithEpilogue(false, false, rows, dOut, dIn, x.Data, dIn, weight.Data, dOut, y, dOut, accumulate: false,
                addend is null ? GemmEpilogue.BiasActivation(pBias, relu: false) : GemmEpilogue.BiasAddend(pBias, pAddend, dOut));
        }
        // The addend first, as in addend + Linear(...): the backward then visits the graph in the same
        // order as the unfused ops, so gradients that several ops add into sum in the same order.
        Tensor[] inputs = NonNull(addend, x, weight, bias);
        return Tensor.FromOp(y, outShape, "Linear", inputs, g =>
        {
            OutputGradients(g, addend, bias, rows, dOut);
            if (x.RequiresGrad)
            {
                var gx = x.GradBufferToOverwrite(out bool accumulate);
                Gemm.Multiply(false, true, rows, dIn, dOut, g, dOut, weight.Data, dOut, gx, dIn, accumulate);
            }
            if (weight.RequiresGrad)
            {
                Gemm.Multiply(true, false, dIn, dOut, rows, x.Data, dIn, g, dOut, weight.GradBuffer(), dOut, accumulate: true);
            }
        });
    }

    // target[j] += sum_r g[r, j], with a fixed summation order (rows in blocks, blocks in order).
    private static void ColumnSums(float[] g, int rows, int cols, float[] target)
    {
        const int Block = 64;
        int blocks = (rows + Block - 1) / Block;
        var partial = MemoryScope.ScratchZeroed(blocks * cols);
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
