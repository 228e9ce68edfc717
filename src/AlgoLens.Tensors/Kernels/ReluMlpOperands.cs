namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The row-major, pinned operands of one ReLU MLP call for <see cref="ReluMlpKernel"/>:
/// output = residual + relu(x·W_in + b_in)·W_out + b_out, and the gradients of its backward.
/// Optional pointers are null when absent or not wanted. With <see cref="WIn"/> null, x holds the
/// pre-activations themselves (d_in = d_mlp; <c>Ops.ReluLinear</c>): output = residual +
/// relu(x)·W_out + b_out, and the backward's hidden gradient goes to <see cref="GradHidden"/>.
/// </summary>
internal unsafe struct ReluMlpOperands
{
    public int Rows;
    public int DIn;
    public int DMlp;
    public int DOut;

    /// <summary>[rows, d_in].</summary>
    public float* X;

    /// <summary>[d_in, d_mlp], or null when x holds the pre-activations.</summary>
    public float* WIn;

    /// <summary>[d_mlp] or null.</summary>
    public float* BIn;

    /// <summary>[d_mlp, d_out].</summary>
    public float* WOut;

    /// <summary>[d_out] or null.</summary>
    public float* BOut;

    /// <summary>[rows, d_out] or null.</summary>
    public float* Residual;

    /// <summary>[rows, d_mlp]: written by the forward, read by the backward.</summary>
    public float* Hidden;

    /// <summary>Where the ReLU passed, [rows, BitWordsPerRow(d_mlp)] words, zero before the
    /// forward; null for a forward that no backward follows.</summary>
    public uint* Bits;

    /// <summary>[rows, d_out], written by the forward.</summary>
    public float* Output;

    /// <summary>The backward's incoming gradient of the output, [rows, d_out].</summary>
    public float* GradOutput;

    /// <summary>[rows, d_in]: written, or added to when <see cref="AccumulateGradX"/>.</summary>
    public float* GradX;

    public bool AccumulateGradX;

    /// <summary>Added to: [d_in, d_mlp].</summary>
    public float* GradWIn;

    /// <summary>Added to: [d_mlp].</summary>
    public float* GradBIn;

    /// <summary>Added to: [d_mlp, d_out].</summary>
    public float* GradWOut;

    /// <summary>[rows, d_mlp]: the pre-activation gradient, written, when x holds the
    /// pre-activations (then <see cref="GradX"/>, <see cref="GradWIn"/> and <see cref="GradBIn"/> are null).</summary>
    public float* GradHidden;

    /// <summary>With <see cref="WIn"/> null: makes the pre-activations per chunk and takes their
    /// gradient per chunk and group, instead of <see cref="X"/> and <see cref="GradHidden"/>.</summary>
    public IPreActivationSource? Source;

    public readonly int BitWords => GemmEpilogue.BitWordsPerRow(DMlp);
}
