using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// A ReLU MLP block added to the residual stream, fused for training (no hook sees the hidden
    /// layer): residual + relu(x·W_in + b_in)·W_out + b_out, for x [..., d_in], W_in [d_in, d_mlp],
    /// W_out [d_mlp, d_out]; biases and the residual ([..., d_out]) may be null.
    /// </summary>
    /// <remarks>
    /// Against Linear → Relu → Linear → Add, the biases and the ReLU ride in the GEMMs' epilogues, the
    /// first of which also records where the ReLU passed as bits, and the ReLU's backward mask (those
    /// bits) rides in the epilogue of the product that makes the hidden gradient, so
    /// the [rows, d_mlp] activations and gradients are each written once and read where needed,
    /// with no bias, ReLU or gradient-zeroing passes over them. Only the ReLU (its output carries
    /// its own backward mask) is fused; other activations use the separate ops.
    /// </remarks>
    public static unsafe Tensor ReluMlp(Tensor x, Tensor wIn, Tensor? bIn, Tensor wOut, Tensor? bOut, Tensor? residual)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(wIn);
        ArgumentNullException.ThrowIfNull(wOut);
        int dIn = wIn.Rank == 2 ? wIn.Dims[0] : -1, dMlp = wIn.Rank == 2 ? wIn.Dims[1] : -1;
        int dOut = wOut.Rank == 2 ? wOut.Dims[1] : -1;
        bool fits = x.Rank >= 1 && x.Dims[^1] == dIn && wOut.Rank == 2 && wOut.Dims[0] == dMlp
            && (bIn is null || (bIn.Rank == 1 && bIn.Dims[0] == dMlp))
            && (bOut is null || (bOut.Rank == 1 && bOut.Dims[0] == dOut));
        int[] outShape = x.Rank >= 1 ? [.. x.Dims[..^1], dOut] : [];
        if (!fits || (residual is not null && !Shape.Equal(residual.Dims, outShape)))
        {
            throw new ArgumentException($"ReluMlp: x {x.ShapeString}, W_in {wIn.ShapeString}, W_out {wOut.ShapeString}"
                + $"{(bIn is null ? "" : $", b_in {bIn.ShapeString}")}{(bOut is null ? "" : $", b_out {bOut.ShapeString}")}{(residual is null ? "" : $", residual {residual.ShapeString}")}"
                + " do not fit; need x [..., d_in], W_in [d_in, d_mlp], b_in [d_mlp], W_out [d_mlp, d_out], b_out [d_out], residual [..., d_out].");
        }
        int rows = x.Size / Math.Max(dIn, 1);
        var hidden = MemoryScope.Uninitialized(rows * dMlp);
        var output = MemoryScope.Uninitialized(rows * dOut);
        Tensor[] inputs = [x, wIn, wOut, .. new[] { bIn, bOut, residual }.OfType<Tensor>()];
        // Where the ReLU passed, one bit per hidden unit (float storage from the pool, read as
        // words), for the backward only: its mask reads 1/32 of what re-reading the activations would.
        int bitWords = GemmEpilogue.BitWordsPerRow(dMlp);
        var passed = Tensor.WillRecord(inputs) ? MemoryScope.Zeroed(rows * bitWords) : null;
        bool chunked = ReluMlpKernel.Applies(rows, dIn, dMlp, dOut);
        fixed (float* px = x.Data)
        fixed (float* pwIn = wIn.Data)
        fixed (float* pwOut = wOut.Data)
        fixed (float* pbIn = bIn?.Data)
        fixed (float* pbOut = bOut?.Data)
        fixed (float* pResidual = residual?.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pOutput = output)
        fixed (float* pPassed = passed)
        {
            if (chunked)
            {
                var operands = new ReluMlpOperands
                {
                    Rows = rows, DIn = dIn, DMlp = dMlp, DOut = dOut, X = px, WIn = pwIn, BIn = pbIn, WOut = pwOut, BOut = pbOut,
                    Residual = pResidual, Hidden = pHidden, Bits = (uint*)pPassed, Output = pOutput,
                };
                ReluMlpKernel.Forward(in operands);
            }
            else
            {
                Gemm.MultiplyWithEpilogue(false, false, rows, dMlp, dIn, x.Data, dIn, wIn.Data, dMlp, hidden, dMlp, accumulate: false,
                    passed is null ? GemmEpilogue.BiasActivation(pbIn, relu: true) : GemmEpilogue.BiasReluRecordingBits(pbIn, (uint*)pPassed, bitWords));
                residual?.Data.AsSpan().CopyTo(output);
                Gemm.MultiplyWithEpilogue(false, false, rows, dOut, dMlp, hidden, dMlp, wOut.Data, dOut, output, dOut, accumulate: residual is not null,
                    GemmEpilogue.BiasActivation(pbOut, relu: false));
            }
        }

        return Tensor.FromOp(output, outShape, "ReluMlp", inputs, g =>
        {
            OutputGradients(g, residual, bOut, rows, dOut);
            if (ReluMlpKernel.Applies(rows, dIn, dMlp, dOut))
            {
                ChunkedReluMlpBackward(g, x, wIn, bIn, wOut, hidden, passed!, rows, dIn, dMlp, dOut);
            }
            else
            {
                ReluMlpBackward(g, x, wIn, bIn, wOut, hidden, passed!, rows, dIn, dMlp, dOut);
            }
        });
    }

    // The gradients of an MLP block's output terms that are the output gradient itself: the
    // residual's (written, or added to one already there) and b_out's (column sums).
    private static void OutputGradients(float[] g, Tensor? residual, Tensor? bOut, int rows, int dOut)
    {
        if (residual?.RequiresGrad == true)
        {
            var gr = residual.GradBufferToOverwrite(out bool accumulate);
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gr, g, gr);
            }
            else
            {
                g.AsSpan().CopyTo(gr);
            }
        }
        if (bOut?.RequiresGrad == true)
        {
            ColumnSums(g, rows, dOut, bOut.GradBuffer());
        }
    }

    // The backward as whole-matrix products (everything but the residual and b_out gradients).
    private static unsafe void ReluMlpBackward(float[] g, Tensor x, Tensor wIn, Tensor? bIn, Tensor wOut,
        float[] hidden, float[] passed, int rows, int dIn, int dMlp, int dOut)
    {
        if (wOut.RequiresGrad)
        {
            Gemm.Multiply(true, false, dMlp, dOut, rows, hidden, dMlp, g, dOut, wOut.GradBuffer(), dOut, accumulate: true);
        }
        if (!x.RequiresGrad && !wIn.RequiresGrad && bIn?.RequiresGrad != true)
        {
            return;
        }
        // The pre-activation gradient, (g·W_outᵀ) where the ReLU passed, made in one product.
        var gPre = MemoryScope.Uninitialized(rows * dMlp);
        fixed (float* pPassed = passed)
        {
            Gemm.MultiplyWithEpilogue(false, true, rows, dMlp, dOut, g, dOut, wOut.Data, dOut, gPre, dMlp, accumulate: false,
                GemmEpilogue.BitMask((uint*)pPassed, GemmEpilogue.BitWordsPerRow(dMlp)));
        }
        if (wIn.RequiresGrad)
        {
            Gemm.Multiply(true, false, dIn, dMlp, rows, x.Data, dIn, gPre, dMlp, wIn.GradBuffer(), dMlp, accumulate: true);
        }
        if (bIn?.RequiresGrad == true)
        {
            ColumnSums(gPre, rows, dMlp, bIn.GradBuffer());
        }
        if (x.RequiresGrad)
        {
            var gx = x.GradBufferToOverwrite(out bool accumulate);
            Gemm.Multiply(false, true, rows, dIn, dMlp, gPre, dMlp, wIn.Data, dMlp, gx, dIn, accumulate);
        }
    }

    // The same backward, chunked (ReluMlpKernel): the same bits, the hidden gradient kept in cache.
    private static unsafe void ChunkedReluMlpBackward(float[] g, Tensor x, Tensor wIn, Tensor? bIn, Tensor wOut,
        float[] hidden, float[] passed, int rows, int dIn, int dMlp, int dOut)
    {
        bool accumulateX = false;
        float[]? gx = x.RequiresGrad ? x.GradBufferToOverwrite(out accumulateX) : null;
        fixed (float* pg = g)
        fixed (float* px = x.Data)
        fixed (float* pwIn = wIn.Data)
        fixed (float* pwOut = wOut.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pPassed = passed)
        fixed (float* pgx = gx)
        fixed (float* pgwIn = wIn.RequiresGrad ? wIn.GradBuffer() : null)
        fixed (float* pgbIn = bIn?.RequiresGrad == true ? bIn.GradBuffer() : null)
        fixed (float* pgwOut = wOut.RequiresGrad ? wOut.GradBuffer() : null)
        {
            var operands = new ReluMlpOperands
            {
                Rows = rows, DIn = dIn, DMlp = dMlp, DOut = dOut, X = px, WIn = pwIn, WOut = pwOut, Hidden = pHidden,
                Bits = (uint*)pPassed, GradOutput = pg, GradX = pgx, AccumulateGradX = accumulateX, GradWIn = pgwIn,
                GradBIn = pgbIn, GradWOut = pgwOut,
            };
            ReluMlpKernel.Backward(in operands);
        }
    }
}
