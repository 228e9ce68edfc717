namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Single-precision matrix products on row-major storage: C = (accumulate ? C : 0) + op(A)·op(B).
/// </summary>
/// <remarks>
/// <para>Large products run a packed, cache-blocked GEMM in the style of BLIS: panels of op(B) and
/// blocks of op(A) are copied into contiguous buffers (which also absorbs the four transpose
/// combinations), and a register-tiled micro-kernel (Vector512, Vector256 or a portable path,
/// chosen at start-up) computes one tile of C at a time. Small products skip the packing.</para>
/// <para>Every element of C is computed in one fixed order whatever the path, kernel or thread count:
/// the K axis is cut into blocks of <see cref="KC"/>; within a block the products are summed in
/// increasing k with fused multiply-adds starting from +0; the block sums are then added to C in
/// block order (the first block is stored, not added, unless <c>accumulate</c>). Threads only
/// decide who computes which tile, so results are bitwise identical for 1, 2 or N threads.</para>
/// <para>C must not overlap A or B.</para>
/// </remarks>
public static unsafe partial class Gemm
{
    /// <summary>
    /// C[m,n] = (accumulate ? C : 0) + op(A)·op(B). op(A) is [m,k]: A is stored row-major as [m,k]
    /// with row stride <paramref name="lda"/>, or if <paramref name="transA"/> as [k,m] (row stride
    /// <paramref name="lda"/>). op(B) is [k,n]: B is stored [k,n] (row stride <paramref name="ldb"/>)
    /// or if <paramref name="transB"/> as [n,k]. C is [m,n] with row stride <paramref name="ldc"/>.
    /// </summary>
    /// <remarks>k = 0 gives C = 0 (C unchanged when accumulating); m = 0 or n = 0 does nothing.</remarks>
    /// <exception cref="ArgumentException">A size or leading dimension is negative or too small, or a
    /// span is too short for the sizes given.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate) =>
        MultiplyWithEpilogue(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, GemmEpilogue.None);

    /// <summary>
    /// <see cref="Multiply"/> followed by <paramref name="epilogue"/> on every element of C, applied
    /// to each register tile as it is finished (no extra pass over C).
    /// </summary>
    /// <remarks>The epilogue's pointers must stay valid for the call; its mask, if any, is [m, n].</remarks>
    public static void MultiplyWithEpilogue(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate, GemmEpilogue epilogue)
    {
        GemmArguments.Validate(1, transA, transB, m, n, k, a.Length, lda, 0, b.Length, ldb, 0, c.Length, ldc, 0);
        if (m == 0 || n == 0)
        {
            return;
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var problem = new GemmProblem(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate).WithEpilogue(epilogue);
            Run(in problem, allowThreads: true);
        }
    }

    /// <summary>
    /// Picks the path for one product. Neither choice depends on the thread count, and all paths
    /// share one summation order, so the choice never changes the result.
    /// </summary>
    internal static void Run(in GemmProblem p, bool allowThreads)
    {
        if (p.K == 0)
        {
            if (!p.Accumulate)
            {
                p.ClearC();
            }
            p.ApplyEpilogueToC();
            return;
        }
        if ((long)p.M * p.N * p.K <= (p.TransB ? DirectWorkLimitTransB : DirectWorkLimit))
        {
            GemmDirect.Run(in p);
            p.ApplyEpilogueToC();
            return;
        }
        int threads = allowThreads && (long)p.M * p.N * p.K >= ParallelWorkThreshold ? Parallelism.MaxThreads : 1;
        switch (Isa)
        {
            case GemmIsa.Avx512:
                RunPacked<GemmKernelAvx512>(in p, threads);
                break;
            case GemmIsa.Avx2:
                RunPacked<GemmKernelAvx2>(in p, threads);
                break;
            default:
                RunPacked<GemmKernelPortable>(in p, threads);
                break;
        }
    }

    private static void RunPacked<TK>(in GemmProblem p, int threads)
        where TK : struct, IGemmMicroKernel
    {
        if (GemmKSplit<TK>.Suits(in p, threads))
        {
            GemmKSplit<TK>.Run(in p, threads);
        }
        else
        {
            GemmPackedDriver<TK>.Run(in p, threads);
        }
    }
}
