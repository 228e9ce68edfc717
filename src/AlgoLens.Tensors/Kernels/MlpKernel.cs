namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// A two-layer network (a multilayer perceptron, MLP), addend + act(x·W1 + b1)·W2 + b2 with act ReLU
/// or a smooth activation (GELU, SiLU: <see cref="MlpOperands.Activation"/>), and its backward in chunks that stay in one core's caches, instead of six
/// whole-matrix products. Forward (<see cref="MlpForwardJob{TK}"/>): threads claim chunks of
/// rows and run both products on each while its hidden rows are in L2. Backward
/// (<see cref="MlpBackwardJob{TK}"/>): rows are cut into chunks of <see cref="Gemm.KC"/> and
/// the hidden units into groups of <see cref="Gemm.KC"/>; each thread owns whole groups and, chunk
/// after chunk, runs the four products of its groups; the hidden gradient never goes to memory.
/// </summary>
/// <remarks>
/// <para>Bitwise the same as the whole-matrix products. The forward cuts only rows, which no
/// product sums over. In the backward the cuts are the GEMM's own K blocks: a group is one K block
/// of the input gradient (a sum over hidden units), whose per-group partial sums are added in group
/// order by whichever thread finishes a chunk's last group; a chunk is one K block of the weight
/// gradients (sums over rows), and the thread that owns a group adds its chunks in order; the b1
/// gradient keeps the row blocks of 64 of <c>ColumnSums</c>. Threads never wait on each other.</para>
/// <para>The backward pays when there are at least as many groups as threads (d_hidden ≥ 512 on two
/// cores); otherwise the whole-matrix products, which split any shape across threads, run instead.</para>
/// </remarks>
internal static unsafe class MlpKernel
{
    /// <summary>Rows per chunk and hidden units per group: the GEMM's K block.</summary>
    public const int Block = Gemm.KC;

    /// <summary>Whether the chunked path runs for these sizes with the current thread budget.</summary>
    public static bool Applies(int rows, int dIn, int dHidden, int dOut)
    {
        int groups = (dHidden + Block - 1) / Block;
        return Fits(rows, dIn, dHidden, dOut) && groups >= Parallelism.MaxThreads;
    }

    /// <summary>Whether the chunked path can run these sizes (a whole chunk of rows, widths that
    /// pack), whatever the thread budget: for callers whose result must not depend on it.</summary>
    public static bool Fits(int rows, int dIn, int dHidden, int dOut) =>
        rows >= Block && dIn <= MaxPackedWidth && dHidden <= MaxPackedWidth && dOut <= MaxPackedWidth;

    /// <summary>Widest d_in, d_hidden and d_out handled: the forward packs whole weights, the backward
    /// whole rows of them, as one panel (NC columns) of every kernel family.</summary>
    private const int MaxPackedWidth = 4096;

    /// <summary>Output, hidden activations and (if <see cref="MlpOperands.Bits"/> or <see cref="MlpOperands.Slope"/>)
    /// the ReLU bits or the activation's slope.</summary>
    public static void Forward(in MlpOperands o)
    {
        switch (Gemm.Isa)
        {
            case GemmIsa.Avx512:
                MlpForwardJob<GemmKernelAvx512>.Run(in o);
                break;
            case GemmIsa.Avx2:
                MlpForwardJob<GemmKernelAvx2>.Run(in o);
                break;
            default:
                MlpForwardJob<GemmKernelPortable>.Run(in o);
                break;
        }
    }

    /// <summary>Adds the weight and b1 gradients, writes (or adds) the input gradient.</summary>
    public static void Backward(in MlpOperands o)
    {
        switch (Gemm.Isa)
        {
            case GemmIsa.Avx512:
                MlpBackwardJob<GemmKernelAvx512>.Run(in o);
                break;
            case GemmIsa.Avx2:
                MlpBackwardJob<GemmKernelAvx2>.Run(in o);
                break;
            default:
                MlpBackwardJob<GemmKernelPortable>.Run(in o);
                break;
        }
    }
}
