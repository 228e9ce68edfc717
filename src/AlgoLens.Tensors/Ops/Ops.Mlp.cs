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
    /// with no bias, ReLU or gradient-zeroing passes over them. <see cref="Mlp"/> does the same for
    /// any activation.
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
    public static Tensor ReluMlp(Tensor x, Tensor w1, Tensor? b1, Tensor w2, Tensor? b2, Tensor? addend, bool allowChunked = true) =>
        FusedMlp(x, w1, b1, w2, b2, addend, FusedActivation.Relu, allowChunked);

    /// <summary>
    /// A two-layer network with any activation the models use, plus an optional addend, fused for
    /// training: addend + act(x·W1 + b1)·W2 + b2.
    /// </summary>
    /// <remarks>
    /// ReLU is <see cref="ReluMlp"/>. A smooth activation (gelu, gelu_new, silu) rides in the first
    /// product's epilogue, which writes its derivative beside it when a backward will run (one pooled
    /// [rows, d_hidden] buffer); the backward multiplies the hidden gradient by that slope in the
    /// epilogue of the product that makes it, and the addend is added in the second product's
    /// epilogue. Every element therefore goes through the same float operations as Linear →
    /// Gelu/GeluNew/Silu → Linear → Add, with the same bits, without the activation's passes over
    /// [rows, d_hidden] or the add's over [rows, d_out]; and the chunked kernel (<see cref="MlpKernel"/>)
    /// serves every activation.
    /// </remarks>
    /// <param name="x">Input [..., d_in].</param>
    /// <param name="w1">First layer's weights [d_in, d_hidden].</param>
    /// <param name="b1">First layer's bias [d_hidden], or null.</param>
    /// <param name="w2">Second layer's weights [d_hidden, d_out].</param>
    /// <param name="b2">Second layer's bias [d_out], or null.</param>
    /// <param name="addend">Added to the output [..., d_out], or null.</param>
    /// <param name="activation">Relu, Gelu, GeluTanh or Silu (not None: without an activation the two
    /// layers are one linear map).</param>
    /// <param name="allowChunked">False: always the whole-matrix products (the result is bitwise the same).</param>
    /// <returns>[..., d_out].</returns>
    public static Tensor Mlp(Tensor x, Tensor w1, Tensor? b1, Tensor w2, Tensor? b2, Tensor? addend, FusedActivation activation, bool allowChunked = true)
    {
        if (activation is not (FusedActivation.Relu or FusedActivation.Gelu or FusedActivation.GeluTanh or FusedActivation.Silu))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Mlp: the activation must be Relu, Gelu, GeluTanh or Silu.");
        }
        return FusedMlp(x, w1, b1, w2, b2, addend, activation, allowChunked);
    }

    private static unsafe Tensor FusedMlp(Tensor x, Tensor w1, Tensor? b1, Tensor w2, Tensor? b2, Tensor? addend, FusedActivation activation, bool allowChunked)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w1);
        ArgumentNullException.ThrowIfNull(w2);
        string name = activation == FusedActivation.Relu ? "ReluMlp" : "Mlp";
        int dIn = w1.Rank == 2 ? w1.Dims[0] : -1, dHidden = w1.Rank == 2 ? w1.Dims[1] : -1;
        int dOut = w2.Rank == 2 ? w2.Dims[1] : -1;
        bool fits = x.Rank >= 1 && x.Dims[^1] == dIn && w2.Rank == 2 && w2.Dims[0] == dHidden
            && (b1 is null || (b1.Rank == 1 && b1.Dims[0] == dHidden))
            && (b2 is null || (b2.Rank == 1 && b2.Dims[0] == dOut));
        int[] outShape = x.Rank >= 1 ? [.. x.Dims[..^1], dOut] : [];
        if (!fits || (addend is not null && !Shape.Equal(addend.Dims, outShape)))
        {
            throw new ArgumentException($"{name}: x {x.ShapeString}, W1 {w1.ShapeString}, W2 {w2.ShapeString}"
                + $"{(b1 is null ? "" : $", b1 {b1.ShapeString}")}{(b2 is null ? "" : $", b2 {b2.ShapeString}")}{(addend is null ? "" : $", addend {addend.ShapeString}")}"
                + " do not fit; need x [..., d_in], W1 [d_in, d_hidden], b1 [d_hidden], W2 [d_hidden, d_out], b2 [d_out], addend [..., d_out].");
        }
        int rows = x.Size / Math.Max(dIn, 1);
        var hidden = MemoryScope.Uninitialized(rows * dHidden);
        var output = MemoryScope.Uninitialized(rows * dOut);
        // Smooth activations take the addend first, as in addend + Linear(act(Linear(...))): the
        // backward then visits the graph in the unfused ops' order, so gradients that several ops add
        // into sum in the same order and training gives the same bits. ReLU keeps the order its
        // models have always had.
        bool relu = activation == FusedActivation.Relu;
        Tensor[] inputs = relu
            ? NonNull(x, w1, w2, b1, b2, addend)
            : NonNull(addend, x, w1, w2, b1, b2);
        // What the backward needs of the activation, kept only when a backward will run: where the
        // ReLU passed, one bit per hidden unit (float storage from the pool, read as words: 1/32 of
        // re-reading the activations), or a smooth activation's slope.
        var state = !Tensor.WillRecord(inputs) ? null
            : relu ? MemoryScope.Zeroed(rows * GemmEpilogue.BitWordsPerRow(dHidden)) : MemoryScope.Uninitialized(rows * dHidden);
        bool chunked = allowChunked && MlpKernel.Applies(rows, dIn, dHidden, dOut);
        fixed (float* px = x.Data)
        fixed (float* pw1 = w1.Data)
        fixed (float* pw2 = w2.Data)
        fixed (float* pb1 = b1?.Data)
        fixed (float* pb2 = b2?.Data)
        fixed (float* pAddend = addend?.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pOutput = output)
        fixed (float* pState = state)
        {
            var operands = new MlpOperands
            {
                Activation = activation, Rows = rows, DIn = dIn, DHidden = dHidden, DOut = dOut, X = px, W1 = pw1, B1 = pb1, W2 = pw2,
                B2 = pb2, Addend = pAddend, Hidden = pHidden, Bits = relu ? (uint*)pState : null, Slope = relu ? null : pState, Output = pOutput,
            };
            if (chunked)
            {
                MlpKernel.Forward(in operands);
            }
            else
            {
                Gemm.MultiplyWithEpilogue(false, false, rows, dHidden, dIn, x.Data, dIn, w1.Data, dHidden, hidden, dHidden, accumulate: false,
                    operands.HiddenEpilogue(0, pb1));
                bool accumulate = addend is not null && !operands.AddsAddendInEpilogue;
                if (accumulate)
                {
                    addend!.Data.AsSpan().CopyTo(output);
                }
                Gemm.MultiplyWithEpilogue(false, false, rows, dOut, dHidden, hidden, dHidden, w2.Data, dOut, output, dOut, accumulate,
                    operands.OutputEpilogue(0));
            }
        }

        return Tensor.FromOp(output, outShape, name, inputs, g =>
        {
            OutputGradients(g, addend, b2, rows, dOut);
            var shape = new MlpShape(activation, rows, dIn, dHidden, dOut);
            if (allowChunked && MlpKernel.Applies(rows, dIn, dHidden, dOut))
            {
                ChunkedMlpBackward(g, x, w1, b1, w2, hidden, state!, shape);
            }
            else
            {
                MlpBackward(g, x, w1, b1, w2, hidden, state!, shape);
            }
        });
    }

    /// <summary>The sizes and activation of one fused MLP call, for its backward.</summary>
    private readonly record struct MlpShape(FusedActivation Activation, int Rows, int DIn, int DHidden, int DOut)
    {
        // The operands the epilogues are made from: the activation and its kept state (bits or slope).
        public unsafe MlpOperands Operands(float* state) => new()
        {
            Activation = Activation, Rows = Rows, DIn = DIn, DHidden = DHidden, DOut = DOut,
            Bits = Activation == FusedActivation.Relu ? (uint*)state : null, Slope = Activation == FusedActivation.Relu ? null : state,
        };
    }

    // The gradients of a two-layer network's output terms that are the output gradient itself: the
    // addend's (written, or added to one already there) and b2's (column sums).
    internal static void OutputGradients(float[] g, Tensor? addend, Tensor? b2, int rows, int dOut)
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
    private static unsafe void MlpBackward(float[] g, Tensor x, Tensor w1, Tensor? b1, Tensor w2, float[] hidden, float[] state, MlpShape s)
    {
        int rows = s.Rows, dIn = s.DIn, dHidden = s.DHidden, dOut = s.DOut;
        if (w2.RequiresGrad)
        {
            Gemm.Multiply(true, false, dHidden, dOut, rows, hidden, dHidden, g, dOut, w2.GradBuffer(), dOut, accumulate: true);
        }
        if (!x.RequiresGrad && !w1.RequiresGrad && b1?.RequiresGrad != true)
        {
            return;
        }
        // The pre-activation gradient, g·W2ᵀ masked where the ReLU passed or times the slope, made in one product.
        var gPre = MemoryScope.Uninitialized(rows * dHidden);
        fixed (float* pState = state)
        {
            Gemm.MultiplyWithEpilogue(false, true, rows, dHidden, dOut, g, dOut, w2.Data, dOut, gPre, dHidden, accumulate: false,
                s.Operands(pState).HiddenGradientEpilogue(0, 0));
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

    // The same backward, chunked (MlpKernel): the same bits, the hidden gradient kept in cache.
    private static unsafe void ChunkedMlpBackward(float[] g, Tensor x, Tensor w1, Tensor? b1, Tensor w2, float[] hidden, float[] state, MlpShape s)
    {
        bool accumulateX = false;
        float[]? gx = x.RequiresGrad ? x.GradBufferToOverwrite(out accumulateX) : null;
        fixed (float* pg = g)
        fixed (float* px = x.Data)
        fixed (float* pw1 = w1.Data)
        fixed (float* pw2 = w2.Data)
        fixed (float* pHidden = hidden)
        fixed (float* pState = state)
        fixed (float* pgx = gx)
        fixed (float* pgw1 = w1.RequiresGrad ? w1.GradBuffer() : null)
        fixed (float* pgb1 = b1?.RequiresGrad == true ? b1.GradBuffer() : null)
        fixed (float* pgw2 = w2.RequiresGrad ? w2.GradBuffer() : null)
        {
            var operands = s.Operands(pState);
            operands.X = px;
            operands.W1 = pw1;
            operands.W2 = pw2;
            operands.Hidden = pHidden;
            operands.GradOutput = pg;
            operands.GradX = pgx;
            operands.AccumulateGradX = accumulateX;
            operands.GradW1 = pgw1;
            operands.GradB1 = pgb1;
            operands.GradW2 = pgw2;
            MlpKernel.Backward(in operands);
        }
    }
}
