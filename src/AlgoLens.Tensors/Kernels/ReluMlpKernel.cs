namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The ReLU MLP and its backward in chunks that stay in one core's caches, instead of six
/// whole-matrix products. Rows are cut into chunks of <see cref="Gemm.KC"/> and the hidden units
/// into groups of <see cref="Gemm.KC"/>; each thread owns whole groups and, chunk after chunk,
/// runs every product of its groups while the chunk's hidden activations (forward) or hidden
/// gradient (backward) are still in its L2. The hidden gradient never goes to memory at all.
/// </summary>
/// <remarks>
/// <para>Bitwise the same as the whole-matrix products, because the cuts are the GEMM's own K
/// blocks: a group is one K block of the products that sum over hidden units (the output and the
/// input gradient), whose per-group partial sums are added in group order, by whichever thread
/// finishes a chunk's last group; a chunk is one K block of the weight gradients, which sum over
/// rows, and the thread that owns a group adds its chunks in order; the b_in gradient keeps the
/// row blocks of 64 of <c>ColumnSums</c>. Threads never wait on each other.</para>
/// <para>Pays when there are at least as many groups as threads (d_mlp ≥ 512 on two cores);
/// otherwise the whole-matrix products, which split any shape across threads, run instead.</para>
/// </remarks>
internal static unsafe class ReluMlpKernel
{
    /// <summary>Rows per chunk and hidden units per group: the GEMM's K block.</summary>
    public const int Block = Gemm.KC;

    /// <summary>Tests turn the chunked path off to compare it with the whole-matrix products.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Whether the chunked path runs for these sizes with the current thread budget.</summary>
    public static bool Applies(int rows, int dIn, int dMlp, int dOut)
    {
        int groups = (dMlp + Block - 1) / Block;
        return Enabled && rows >= Block && groups >= Parallelism.MaxThreads
            && dIn <= MaxOuterWidth && dOut <= MaxOuterWidth;
    }

    /// <summary>Widest d_in and d_out handled (one packed panel of every kernel family).</summary>
    private const int MaxOuterWidth = 4096;

    /// <summary>Output, hidden activations and (if <see cref="ReluMlpOperands.Bits"/>) the ReLU bits.</summary>
    public static void Forward(in ReluMlpOperands o) => Run(in o, backward: false);

    /// <summary>Adds the weight and b_in gradients, writes (or adds) the input gradient.</summary>
    public static void Backward(in ReluMlpOperands o) => Run(in o, backward: true);

    private static void Run(in ReluMlpOperands o, bool backward)
    {
        switch (Gemm.Isa)
        {
            case GemmIsa.Avx512:
                ReluMlpJob<GemmKernelAvx512>.Run(in o, backward);
                break;
            case GemmIsa.Avx2:
                ReluMlpJob<GemmKernelAvx2>.Run(in o, backward);
                break;
            default:
                ReluMlpJob<GemmKernelPortable>.Run(in o, backward);
                break;
        }
    }
}
