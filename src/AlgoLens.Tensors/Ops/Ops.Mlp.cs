using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// A two-layer ReLU network (a multilayer perceptron with one hidden layer) plus an optional
    /// addend, fused for training, the hidden layer not returned: addend + relu(x·W1 + b1)·W2 + b2.
    /// </summary>
    /// <remarks>
    /// Against Linear → Relu → Linear → Add, the biases and the ReLU ride in the GEMMs' epilogues, the
    /// first of which also records where the ReLU passed as bits, and the ReLU's backward mask (those
    /// bits) rides in the epilogue of the product that makes the hidden gradient, so
    /// the [rows, d_hidden] activations and gradients are each written once and read where needed,
    /// with no bias, ReLU or gradient-zeroing passes over them. Only the ReLU (its output carries
    /// its own backward mask) is fused; other activations use the separate ops.
    /// </remarks>
    /// <param name="x">Input [..., d_in].</param>
    /// <param name="w1">First layer's weights [d_in, d_hidden].</param>
    /// <param name="b1">First layer's bias [d_hidden], or null.</param>
    /// <param name="w2">Second layer's weights [d_hidden, d_out].</param>
    /// <param name="b2">Second layer's bias [d_out], or null.</param>
    /// <param name="addend">Added to the output (a skip connection, say) [..., d_out], or null.</param>
    /// <param name="allowChunked">False: always the whole-matrix products (to compare with or measure
    /// the chunked kernel; the result is bitwise the same).</param>
    /// <returns>[..., d_out].</returns>
    public static unsafe Tensor ReluMlp(Tensor x, Tensor w1, Tensor? b1, Tensor w2, Tensor? b2, Tensor? addend, bool allowChunked = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w1);
        ArgumentNullException.ThrowIfNull(w2);
        int dIn = w1.Rank == 2 ? w1.Dims[0] : -1, dHidden = w1.Rank == 2 ? w1.Dims[1] : -1;
        int dOut = w2.Rank == 2 ? w2.Dims[1] : -1;
        bool fits = x.Rank >= 1 && x.Dims[^1] == dIn && w2.Rank == 2 && w2.Dims[0] == dHidden
            && (b1 is null || (b1.Rank == 1 && b1.Dims[0] == dHidden))
            && (b2 is null || (b2.Rank == 1 && b2.Dims[0] == dOut));
        int[] outShape = x.Rank >= 1 ? [.. x.Dims[..^1], dOut] : [];
        if (!fits || (addend is not null && !Shape.Equal(addend.Dims, outShape)))
        {
            throw new ArgumentException($"ReluMlp: x {x.ShapeString}, W1 {w1.ShapeString}, W2 {w2.ShapeString}"
                + $"{(b1 is null ? "" : $", b1 {b1.ShapeString}")}{(b2 is null ? "" : $", b2 {b2.ShapeString}")}{(addend is null ? "" : $", addend {addend.ShapeString}")}"
                + " do not fit; need x [..., d_in], W1 [d_in, d_hidden], b1 [d_hidden], W2 [d_hidden, d_out], b2 [d_out], addend [..., d_out].");
        }
        int rows = x.Size / Math.Max(dIn, 1);
        var hidden = MemoryScope.Uninitialized(rows * dHidden);
        var output = MemoryScope.Uninitialized(rows * dOut);
        Tensor[] inputs = [x, w1, w2, .. new[] { b1, b2, addend }.OfType<Tensor>()];
        // Where the ReLU passed, one bit per hidden unit (float storage from the pool, read as
        // words), for the backward only: its mask reads 1/32 of what re-reading the activations would.
        int bitWords = GemmEpilogue.BitWordsPerRow(dHidden);
        var passed = Tensor.WillRecord(inputs) ? MemoryScope.Zeroed(rows * bitWords) : null;
        bool chunked = allowChunked && ReluMlpKernel.Applies(rows, dIn, dHidden, dOut);
        fixed (float* px = x.Data)
        fixed (float* pw1 = w1.Data)
        fixed (float* pw2 = w2.Data)
        fixed (float* pb1 = b1?.Data)
        fixed (float* pb2 = b2?.Data)
        fixed (float* pAddend = addend?.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pOutput = output)
        fixed (float* pPassed = passed)
        {
            if (chunked)
            {
                var operands = new ReluMlpOperands
                {
                    Rows = rows, DIn = dIn, DHidden = dHidden, DOut = dOut, X = px, W1 = pw1, B1 = pb1, W2 = pw2, B2 = pb2,
                    Addend = pAddend, Hidden = pHidden, Bits = (uint*)pPassed, Output = pOutput,
                };
                ReluMlpKernel.Forward(in operands);
            }
            else
            {
                Gemm.MultiplyWithEpilogue(false, false, rows, dHidden, dIn, x.Data, dIn, w1.Data, dHidden, hidden, dHidden, accumulate: false,
                    passed is null ? GemmEpilogue.BiasActivation(pb1, relu: true) : GemmEpilogue.BiasReluRecordingBits(pb1, (uint*)pPassed, bitWords));
                addend?.Data.AsSpan().CopyTo(output);
                Gemm.MultiplyWithEpilogue(false, false, rows, dOut, dHidden, hidden, dHidden, w2.Data, dOut, output, dOut, accumulate: addend is not null,
                    GemmEpilogue.BiasActivation(pb2, relu: false));
            }
        }

        return Tensor.FromOp(output, outShape, "ReluMlp", inputs, g =>
        {
            OutputGradients(g, addend, b2, rows, dOut);
            if (allowChunked && ReluMlpKernel.Applies(rows, dIn, dHidden, dOut))
            {
                ChunkedReluMlpBackward(g, x, w1, b1, w2, hidden, passed!, rows, dIn, dHidden, dOut);
            }
            else
            {
                ReluMlpBackward(g, x, w1, b1, w2, hidden, passed!, rows, dIn, dHidden, dOut);
            }
        });
    }

    // The gradients of a two-layer network's output terms that are the output gradient itself: the
    // addend's (written, or added to one already there) and b2's (column sums).
    private static void OutputGradients(float[] g, Tensor? addend, Tensor? b2, int rows, int dOut)
    {
        if (addend?.RequiresGrad == true)
        {
            var gr = addend.GradBufferToOverwrite(out bool accumulate);
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gr, g, gr);
            }
            else
            {
                g.AsSpan().CopyTo(gr);
            }
        }
        if (b2?.RequiresGrad == true)
        {
            ColumnSums(g, rows, dOut, b2.GradBuffer());
        }
    }

    // The backward as whole-matrix products (everything but the addend and b2 gradients).
    private static unsafe void ReluMlpBackward(float[] g, Tensor x, Tensor w1, Tensor? b1, Tensor w2,
        float[] hidden, float[] passed, int rows, int dIn, int dHidden, int dOut)
    {
        if (w2.RequiresGrad)
        {
            Gemm.Multiply(true, false, dHidden, dOut, rows, hidden, dHidden, g, dOut, w2.GradBuffer(), dOut, accumulate: true);
        }
        if (!x.RequiresGrad && !w1.RequiresGrad && b1?.RequiresGrad != true)
        {
            return;
        }
        // The pre-activation gradient, (g·W2ᵀ) where the ReLU passed, made in one product.
        var gPre = MemoryScope.Uninitialized(rows * dHidden);
        fixed (float* pPassed = passed)
        {
            Gemm.MultiplyWithEpilogue(false, true, rows, dHidden, dOut, g, dOut, w2.Data, dOut, gPre, dHidden, accumulate: false,
                GemmEpilogue.BitMask((uint*)pPassed, GemmEpilogue.BitWordsPerRow(dHidden)));
        }
        if (w1.RequiresGrad)
        {
            Gemm.Multiply(true, false, dIn, dHidden, rows, x.Data, dIn, gPre, dHidden, w1.GradBuffer(), dHidden, accumulate: true);
        }
        if (b1?.RequiresGrad == true)
        {
            ColumnSums(gPre, rows, dHidden, b1.GradBuffer());
        }
        if (x.RequiresGrad)
        {
            var gx = x.GradBufferToOverwrite(out bool accumulate);
            Gemm.Multiply(false, true, rows, dIn, dHidden, gPre, dHidden, w1.Data, dHidden, gx, dIn, accumulate);
        }
    }

    // The same backward, chunked (ReluMlpKernel): the same bits, the hidden gradient kept in cache.
    private static unsafe void ChunkedReluMlpBackward(float[] g, Tensor x, Tensor w1, Tensor? b1, Tensor w2,
        float[] hidden, float[] passed, int rows, int dIn, int dHidden, int dOut)
    {
        bool accumulateX = false;
        float[]? gx = x.RequiresGrad ? x.GradBufferToOverwrite(out accumulateX) : null;
        fixed (float* pg = g)
        fixed (float* px = x.Data)
        fixed (float* pw1 = w1.Data)
        fixed (float* pw2 = w2.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pPassed = passed)
        fixed (float* pgx = gx)
        fixed (float* pgw1 = w1.RequiresGrad ? w1.GradBuffer() : null)
        fixed (float* pgb1 = b1?.RequiresGrad == true ? b1.GradBuffer() : null)
        fixed (float* pgw2 = w2.RequiresGrad ? w2.GradBuffer() : null)
        {
            var operands = new ReluMlpOperands
            {
                Rows = rows, DIn = dIn, DHidden = dHidden, DOut = dOut, X = px, W1 = pw1, W2 = pw2, Hidden = pHidden,
                Bits = (uint*)pPassed, GradOutput = pg, GradX = pgx, AccumulateGradX = accumulateX, GradW1 = pgw1,
                GradB1 = pgb1, GradW2 = pgw2,
            };
            ReluMlpKernel.Backward(in operands);
        }
    }
}
