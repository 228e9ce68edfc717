using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// addend + relu(pre)·W + b: the second layer of a two-layer ReLU network whose pre-activations
    /// were made elsewhere (by an attention over small tables, say, when the first layer's weights are
    /// folded into the tables).
    /// </summary>
    /// <remarks>
    /// As in <see cref="ReluMlp"/>, the ReLU records where it passed as bits, and the backward's
    /// product g·Wᵀ applies them in its epilogue, so the pre-activation gradient is made in one
    /// product with no separate mask pass; and where <see cref="Kernels.MlpKernel"/> applies, both
    /// directions run chunk by chunk in cache (bitwise the same as the whole-matrix products).
    /// </remarks>
    /// <param name="pre">Pre-activations [..., d_hidden].</param>
    /// <param name="w">Weights [d_hidden, d_out].</param>
    /// <param name="b">Bias [d_out], or null.</param>
    /// <param name="addend">Added to the output [..., d_out], or null.</param>
    /// <param name="allowChunked">False: always the whole-matrix products (to compare with or measure
    /// the chunked kernel; the result is bitwise the same).</param>
    /// <returns>[..., d_out].</returns>
    public static unsafe Tensor ReluLinear(Tensor pre, Tensor w, Tensor? b, Tensor? addend, bool allowChunked = true)
    {
        ArgumentNullException.ThrowIfNull(pre);
        ArgumentNullException.ThrowIfNull(w);
        int dHidden = w.Rank == 2 ? w.Dims[0] : -1, dOut = w.Rank == 2 ? w.Dims[1] : -1;
        int[] outShape = pre.Rank >= 1 ? [.. pre.Dims[..^1], dOut] : [];
        bool fits = pre.Rank >= 1 && pre.Dims[^1] == dHidden && (b is null || (b.Rank == 1 && b.Dims[0] == dOut))
            && (addend is null || Shape.Equal(addend.Dims, outShape));
        if (!fits)
        {
            throw new ArgumentException($"ReluLinear: pre {pre.ShapeString}, W {w.ShapeString}"
                + $"{(b is null ? "" : $", b {b.ShapeString}")}{(addend is null ? "" : $", addend {addend.ShapeString}")}"
                + " do not fit; need pre [..., d_hidden], W [d_hidden, d_out], b [d_out], addend [..., d_out].");
        }
        int rows = pre.Size / Math.Max(dHidden, 1);
        var hidden = MemoryScope.Uninitialized(rows * dHidden);
        var output = MemoryScope.Uninitialized(rows * dOut);
        Tensor[] inputs = NonNull(pre, w, b, addend);
        int bitWords = GemmEpilogue.BitWordsPerRow(dHidden);
        var passed = Tensor.WillRecord(inputs) ? MemoryScope.Zeroed(rows * bitWords) : null;
        bool chunked = allowChunked && MlpKernel.Applies(rows, dHidden, dHidden, dOut);
        fixed (float* pPre = pre.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pPassed = passed)
        fixed (float* pb = b?.Data)
        fixed (float* pw = w.Data)
        fixed (float* pAddend = addend?.Data)
        fixed (float* pOutput = output)
        {
            if (chunked)
            {
                // Chunk by chunk: each chunk's hidden rows are still in L2 when the product reads them.
                ChunkedReluLinearForward(pPre, null, pw, pb, pAddend, pHidden, (uint*)pPassed, pOutput, rows, dHidden, dOut);
            }
            else
            {
                nint source = (nint)pPre, target = (nint)pHidden;
                var relu = passed is null ? GemmEpilogue.BiasActivation(null, relu: true) : GemmEpilogue.BiasReluRecordingBits(null, (uint*)pPassed, bitWords);
                Parallelism.ForRanges(rows, 64, (r0, r1) =>
                {
                    long offset = (long)r0 * dHidden, count = (long)(r1 - r0) * dHidden;
                    Buffer.MemoryCopy((float*)source + offset, (float*)target + offset, count * sizeof(float), count * sizeof(float));
                    relu.Apply((float*)target + offset, dHidden, r0, r1 - r0, 0, dHidden);
                });
                addend?.Data.AsSpan().CopyTo(output);
                Gemm.MultiplyWithEpilogue(false, false, rows, dOut, dHidden, hidden, dHidden, w.Data, dOut, output, dOut, accumulate: addend is not null,
                    GemmEpilogue.BiasActivation(pb, relu: false));
            }
        }

        return Tensor.FromOp(output, outShape, "ReluLinear", inputs, g =>
        {
            OutputGradients(g, addend, b, rows, dOut);
            if (!pre.RequiresGrad)
            {
                if (w.RequiresGrad)
                {
                    Gemm.Multiply(true, false, dHidden, dOut, rows, hidden, dHidden, g, dOut, w.GradBuffer(), dOut, accumulate: true);
                }
                return;
            }
            // (g·W2ᵀ) where the ReLU passed. The mask must see the product alone, so an
            // accumulating gradient takes it through a scratch buffer.
            var gPre = pre.GradBufferToOverwrite(out bool accumulate);
            var target = accumulate ? MemoryScope.Uninitialized(rows * dHidden) : gPre;
            if (allowChunked && MlpKernel.Applies(rows, dHidden, dHidden, dOut))
            {
                ChunkedReluLinearBackward(g, w, hidden, passed!, rows, dHidden, dOut, target, null);
            }
            else
            {
                if (w.RequiresGrad)
                {
                    Gemm.Multiply(true, false, dHidden, dOut, rows, hidden, dHidden, g, dOut, w.GradBuffer(), dOut, accumulate: true);
                }
                fixed (float* pPassed = passed)
                {
                    Gemm.MultiplyWithEpilogue(false, true, rows, dHidden, dOut, g, dOut, w.Data, dOut, target, dHidden, accumulate: false,
                        GemmEpilogue.BitMask((uint*)pPassed, bitWords));
                }
            }
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gPre, target, gPre);
            }
        });
    }

    // The chunked ReLU kernel with the pre-activations given (pre) or made by a source.
    internal static unsafe void ChunkedReluLinearForward(float* pre, IPreActivationSource? source, float* w, float* b, float* addend,
        float* hidden, uint* bits, float* output, int rows, int dHidden, int dOut)
    {
        var operands = new MlpOperands
        {
            Activation = FusedActivation.Relu,
            Rows = rows, DIn = dHidden, DHidden = dHidden, DOut = dOut, X = pre, W2 = w, B2 = b, Addend = addend,
            Hidden = hidden, Bits = bits, Output = output, Source = source,
        };
        MlpKernel.Forward(in operands);
    }

    // Its backward: W2's gradient added, the pre-activation gradient written to gradPre or
    // handed to the source.
    internal static unsafe void ChunkedReluLinearBackward(float[] g, Tensor w, float[] hidden, float[] bits, int rows, int dHidden, int dOut,
        float[]? gradPre, IPreActivationSource? source)
    {
        fixed (float* pg = g)
        fixed (float* pw = w.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pBits = bits)
        fixed (float* pGradPre = gradPre)
        fixed (float* pgw = w.RequiresGrad ? w.GradBuffer() : null)
        {
            var operands = new MlpOperands
            {
                Activation = FusedActivation.Relu,
                Rows = rows, DIn = dHidden, DHidden = dHidden, DOut = dOut, W2 = pw, Hidden = pHidden, Bits = (uint*)pBits,
                GradOutput = pg, GradW2 = pgw, GradHidden = pGradPre, Source = source,
            };
            MlpKernel.Backward(in operands);
        }
    }
}
