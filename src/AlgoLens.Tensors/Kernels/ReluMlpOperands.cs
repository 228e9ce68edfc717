namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The row-major, pinned operands of one two-layer ReLU network call for <see cref="ReluMlpKernel"/>:
/// output = addend + relu(x·W1 + b1)·W2 + b2, and the gradients of its backward.
/// Optional pointers are null when absent or not wanted. With <see cref="W1"/> null, x holds the
/// pre-activations themselves (d_in = d_hidden; <c>Ops.ReluLinear</c>): output = addend +
/// relu(x)·W2 + b2, and the backward's hidden gradient goes to <see cref="GradHidden"/>.
/// </summary>
internal unsafe struct ReluMlpOperands
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
}
