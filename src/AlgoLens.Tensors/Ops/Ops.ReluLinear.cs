using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// residual + relu(pre)·W_out + b_out, for pre [..., d_mlp], W_out [d_mlp, d_out]: the second half
    /// of a ReLU MLP whose pre-activations were made elsewhere (the first block's, when its input
    /// projection is folded into the attention's tables). b_out and the residual ([..., d_out]) may be
    /// null.
    /// </summary>
    /// <remarks>
    /// As in <see cref="ReluMlp"/>, the ReLU records where it passed as bits, and the backward's
    /// product g·W_outᵀ applies them in its epilogue, so the pre-activation gradient is made in one
    /// product with no separate mask pass; and where <see cref="Kernels.ReluMlpKernel"/> applies, both
    /// directions run chunk by chunk in cache (bitwise the same as the whole-matrix products).
    /// </remarks>
    public static unsafe Tensor ReluLinear(Tensor pre, Tensor wOut, Tensor? bOut, Tensor? residual)
    {
        ArgumentNullException.ThrowIfNull(pre);
        ArgumentNullException.ThrowIfNull(wOut);
        int dMlp = wOut.Rank == 2 ? wOut.Dims[0] : -1, dOut = wOut.Rank == 2 ? wOut.Dims[1] : -1;
        int[] outShape = pre.Rank >= 1 ? [.. pre.Dims[..^1], dOut] : [];
        bool fits = pre.Rank >= 1 && pre.Dims[^1] == dMlp && (bOut is null || (bOut.Rank == 1 && bOut.Dims[0] == dOut))
            && (residual is null || Shape.Equal(residual.Dims, outShape));
        if (!fits)
        {
            throw new ArgumentException($"ReluLinear: pre {pre.ShapeString}, W_out {wOut.ShapeString}"
                + $"{(bOut is null ? "" : $", b_out {bOut.ShapeString}")}{(residual is null ? "" : $", residual {residual.ShapeString}")}"
                + " do not fit; need pre [..., d_mlp], W_out [d_mlp, d_out], b_out [d_out], residual [..., d_out].");
        }
        int rows = pre.Size / Math.Max(dMlp, 1);
        var hidden = MemoryScope.Uninitialized(rows * dMlp);
        var output = MemoryScope.Uninitialized(rows * dOut);
        Tensor[] inputs = [pre, wOut, .. new[] { bOut, residual }.OfType<Tensor>()];
        int bitWords = GemmEpilogue.BitWordsPerRow(dMlp);
        var passed = Tensor.WillRecord(inputs) ? MemoryScope.Zeroed(rows * bitWords) : null;
        bool chunked = ReluMlpKernel.Applies(rows, dMlp, dMlp, dOut);
        fixed (float* pPre = pre.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pPassed = passed)
        fixed (float* pbOut = bOut?.Data)
        fixed (float* pwOut = wOut.Data)
        fixed (float* pResidual = residual?.Data)
        fixed (float* pOutput = output)
        {
            if (chunked)
            {
                // Chunk by chunk: each chunk's hidden rows are still in L2 when the product reads them.
                ChunkedReluLinearForward(pPre, null, pwOut, pbOut, pResidual, pHidden, (uint*)pPassed, pOutput, rows, dMlp, dOut);
            }
            else
            {
                nint source = (nint)pPre, target = (nint)pHidden;
                var relu = passed is null ? GemmEpilogue.BiasActivation(null, relu: true) : GemmEpilogue.BiasReluRecordingBits(null, (uint*)pPassed, bitWords);
                Parallelism.ForRanges(rows, 64, (r0, r1) =>
                {
                    long offset = (long)r0 * dMlp, count = (long)(r1 - r0) * dMlp;
                    Buffer.MemoryCopy((float*)source + offset, (float*)target + offset, count * sizeof(float), count * sizeof(float));
                    relu.Apply((float*)target + offset, dMlp, r0, r1 - r0, 0, dMlp);
                });
                residual?.Data.AsSpan().CopyTo(output);
                Gemm.MultiplyWithEpilogue(false, false, rows, dOut, dMlp, hidden, dMlp, wOut.Data, dOut, output, dOut, accumulate: residual is not null,
                    GemmEpilogue.BiasActivation(pbOut, relu: false));
            }
        }

        return Tensor.FromOp(output, outShape, "ReluLinear", inputs, g =>
        {
            OutputGradients(g, residual, bOut, rows, dOut);
            if (!pre.RequiresGrad)
            {
                if (wOut.RequiresGrad)
                {
                    Gemm.Multiply(true, false, dMlp, dOut, rows, hidden, dMlp, g, dOut, wOut.GradBuffer(), dOut, accumulate: true);
                }
                return;
            }
            // (g·W_outᵀ) where the ReLU passed. The mask must see the product alone, so an
            // accumulating gradient takes it through a scratch buffer.
            var gPre = pre.GradBufferToOverwrite(out bool accumulate);
            var target = accumulate ? MemoryScope.Uninitialized(rows * dMlp) : gPre;
            if (ReluMlpKernel.Applies(rows, dMlp, dMlp, dOut))
            {
                ChunkedReluLinearBackward(g, wOut, hidden, passed!, rows, dMlp, dOut, target, null);
            }
            else
            {
                if (wOut.RequiresGrad)
                {
                    Gemm.Multiply(true, false, dMlp, dOut, rows, hidden, dMlp, g, dOut, wOut.GradBuffer(), dOut, accumulate: true);
                }
                fixed (float* pPassed = passed)
                {
                    Gemm.MultiplyWithEpilogue(false, true, rows, dMlp, dOut, g, dOut, wOut.Data, dOut, target, dMlp, accumulate: false,
                        GemmEpilogue.BitMask((uint*)pPassed, bitWords));
                }
            }
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gPre, target, gPre);
            }
        });
    }

    // The chunked ReLU MLP kernel with the pre-activations given (pre) or made by a source.
    private static unsafe void ChunkedReluLinearForward(float* pre, IPreActivationSource? source, float* wOut, float* bOut, float* residual,
        float* hidden, uint* bits, float* output, int rows, int dMlp, int dOut)
    {
        var operands = new ReluMlpOperands
        {
            Rows = rows, DIn = dMlp, DMlp = dMlp, DOut = dOut, X = pre, WOut = wOut, BOut = bOut, Residual = residual,
            Hidden = hidden, Bits = bits, Output = output, Source = source,
        };
        ReluMlpKernel.Forward(in operands);
    }

    // Its backward: W_out's gradient added, the pre-activation gradient written to gradPre or
    // handed to the source.
    private static unsafe void ChunkedReluLinearBackward(float[] g, Tensor wOut, float[] hidden, float[] bits, int rows, int dMlp, int dOut,
        float[]? gradPre, IPreActivationSource? source)
    {
        fixed (float* pg = g)
        fixed (float* pwOut = wOut.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pBits = bits)
        fixed (float* pGradPre = gradPre)
        fixed (float* pgwOut = wOut.RequiresGrad ? wOut.GradBuffer() : null)
        {
            var operands = new ReluMlpOperands
            {
                Rows = rows, DIn = dMlp, DMlp = dMlp, DOut = dOut, WOut = pwOut, Hidden = pHidden, Bits = (uint*)pBits,
                GradOutput = pg, GradWOut = pgwOut, GradHidden = pGradPre, Source = source,
            };
            ReluMlpKernel.Backward(in operands);
        }
    }
}
