namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The row-major, pinned operands of one two-layer network call for <see cref="MlpKernel"/>:
/// output = addend + act(x·W1 + b1)·W2 + b2, and the gradients of its backward. act is ReLU (its
/// backward mask kept as <see cref="Bits"/>) or a smooth activation (its derivative kept as
/// <see cref="Slope"/>).
/// Optional pointers are null when absent or not wanted. With <see cref="W1"/> null, x holds the
/// pre-activations themselves (d_in = d_hidden; <c>Ops.ReluLinear</c>): output = addend +
/// relu(x)·W2 + b2, and the backward's hidden gradient goes to <see cref="GradHidden"/>.
/// </summary>
internal unsafe struct MlpOperands
{
    public int Rows;
    public int DIn;
    public int DHidden;
    public int DOut;

    /// <summary>[rows, d_in].</summary>
    public float* X;

    /// <summary>[d_in, d_hidden], or null when x holds the pre-activations.</summary>
    public float* W1;

    /// <summary>[d_hidden] or null.</summary>
    public float* B1;

    /// <summary>[d_hidden, d_out].</summary>
    public float* W2;

    /// <summary>[d_out] or null.</summary>
    public float* B2;

    /// <summary>[rows, d_out] or null.</summary>
    public float* Addend;

    /// <summary>[rows, d_hidden]: written by the forward, read by the backward.</summary>
    public float* Hidden;

    /// <summary>Where the ReLU passed, [rows, BitWordsPerRow(d_hidden)] words, zero before the
    /// forward; null for a forward that no backward follows.</summary>
    public uint* Bits;

    /// <summary>The activation: <see cref="FusedActivation.Relu"/> or a smooth one; must be set.</summary>
    public FusedActivation Activation;

    /// <summary>A smooth activation's derivative, [rows, d_hidden]: written by the forward, read by
    /// the backward; null for a forward that no backward follows (and for ReLU).</summary>
    public float* Slope;

    /// <summary>[rows, d_out], written by the forward.</summary>
    public float* Output;

    /// <summary>The backward's incoming gradient of the output, [rows, d_out].</summary>
    public float* GradOutput;

    /// <summary>[rows, d_in]: written, or added to when <see cref="AccumulateGradX"/>.</summary>
    public float* GradX;

    public bool AccumulateGradX;

    /// <summary>Added to: [d_in, d_hidden].</summary>
    public float* GradW1;

    /// <summary>Added to: [d_hidden].</summary>
    public float* GradB1;

    /// <summary>Added to: [d_hidden, d_out].</summary>
    public float* GradW2;

    /// <summary>[rows, d_hidden]: the pre-activation gradient, written, when x holds the
    /// pre-activations (then <see cref="GradX"/>, <see cref="GradW1"/> and <see cref="GradB1"/> are null).</summary>
    public float* GradHidden;

    /// <summary>With <see cref="W1"/> null: makes the pre-activations per chunk and takes their
    /// gradient per chunk and group, instead of <see cref="X"/> and <see cref="GradHidden"/>.</summary>
    public IPreActivationSource? Source;

    public readonly int BitWords => GemmEpilogue.BitWordsPerRow(DHidden);

    /// <summary>
    /// Whether the addend is added in the output product's epilogue, (hidden·W2 + b2) + addend, the
    /// order of Linear then Add. For ReLU it is copied into the output and the product accumulates
    /// onto it instead, the order the ReLU models have always been trained with (kept bitwise).
    /// </summary>
    public readonly bool AddsAddendInEpilogue => Activation != FusedActivation.Relu;

    /// <summary>The epilogue making hidden rows [r0, ...) from their pre-activations: bias (or null),
    /// the activation, and its bits or slope when a backward will follow.</summary>
    public readonly GemmEpilogue HiddenEpilogue(int r0, float* bias)
    {
        if (Activation.IsSmooth())
        {
            return GemmEpilogue.BiasSmoothActivation(bias, Activation, Slope == null ? null : Slope + (nint)r0 * DHidden, DHidden);
        }
        CheckActivation();
        return Bits == null
            ? GemmEpilogue.BiasActivation(bias, relu: true)
            : GemmEpilogue.BiasReluRecordingBits(bias, Bits + (nint)r0 * BitWords, BitWords);
    }

    /// <summary>The epilogue taking the hidden gradient at [r0, h0] to the pre-activation gradient:
    /// the ReLU's bit mask or the product by the stored slope.</summary>
    public readonly GemmEpilogue HiddenGradientEpilogue(int r0, int h0)
    {
        if (Activation.IsSmooth())
        {
            return GemmEpilogue.SlopeProduct(Slope + (nint)r0 * DHidden + h0, DHidden);
        }
        CheckActivation();
        return GemmEpilogue.BitMask(Bits + (nint)r0 * BitWords + h0 / 32, BitWords);
    }

    /// <summary>The output product's epilogue for rows [r0, ...): b2, and the addend when it goes there.</summary>
    public readonly GemmEpilogue OutputEpilogue(int r0) => Addend != null && AddsAddendInEpilogue
        ? GemmEpilogue.BiasAddend(B2, Addend + (nint)r0 * DOut, DOut)
        : GemmEpilogue.BiasActivation(B2, relu: false);

    private readonly void CheckActivation()
    {
        if (Activation != FusedActivation.Relu)
        {
            throw new InvalidOperationException($"MlpOperands.Activation is {Activation}; set ReLU or a smooth activation.");
        }
    }
}
