namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Products with a small C and a long K (weight gradients: C = xᵀ·g over thousands of rows), cut
/// along K: each thread computes whole K-block sums into its own slice of a scratch buffer, then
/// the sums are added to C in block order. The fixed summation order of <see cref="Gemm"/> already
/// makes each K block's sum a separate quantity (from +0, added to C in block order), so this
/// gives the same bits as the tiled driver, which for such shapes has only a tile or two per K
/// block for its threads and makes them wait on each other once per block.
/// </summary>
internal static unsafe class GemmKSplit<TK>
    where TK : struct, IGemmMicroKernel
{
    [ThreadStatic]
    private static GemmBuffer? scratchA;

    [ThreadStatic]
    private static GemmBuffer? scratchB;

    // The calling thread's: its workers run only single-thread products, which never come back here.
    [ThreadStatic]
    private static GemmBuffer? blockSums;

    /// <summary>Whether <paramref name="p"/> is such a product for <paramref name="threads"/> threads:
    /// C fits one packed A block and a few slivers, and there are at least two K blocks per thread.</summary>
    public static bool Suits(in GemmProblem p, int threads) =>
        threads > 1 && p.M <= TK.MC && p.N <= 4 * TK.NR * threads && (p.K + Gemm.KC - 1) / Gemm.KC >= 2 * threads;

    public static void Run(in GemmProblem p, int threads)
    {
        int kBlocks = (p.K + Gemm.KC - 1) / Gemm.KC;
        nint blockFloats = (nint)p.M * p.N;
        float* sums = (blockSums ??= new GemmBuffer()).Get(kBlocks * blockFloats);
        var problem = p;
        int next = 0;
        Parallelism.Cooperate(threads, () =>
        {
            float* a = (scratchA ??= new GemmBuffer()).Get(GemmSerial<TK>.ScratchAFloats);
            float* b = (scratchB ??= new GemmBuffer()).Get(GemmSerial<TK>.ScratchBFloats(problem.N));
            int block;
            while ((block = Interlocked.Increment(ref next) - 1) < kBlocks)
            {
                int pc = block * Gemm.KC;
                var part = new GemmProblem(problem.TransA, problem.TransB, problem.M, problem.N, Math.Min(Gemm.KC, problem.K - pc),
                    problem.A + pc * problem.ACol, problem.Lda, problem.B + pc * problem.BRow, problem.Ldb,
                    sums + block * blockFloats, problem.N, accumulate: false);
                GemmSerial<TK>.Run(in part, null, a, b);
            }
        });
        AddInOrder(in p, sums, kBlocks);
    }

    // C = (accumulate ? C : 0) + sum_0 + sum_1 + ... in block order (the first stored when not
    // accumulating), then the epilogue: the driver's order, element by element.
    private static void AddInOrder(in GemmProblem p, float* sums, int kBlocks)
    {
        nint blockFloats = (nint)p.M * p.N;
        for (int i = 0; i < p.M; i++)
        {
            var row = new Span<float>(p.C + (nint)i * p.Ldc, p.N);
            for (int block = 0; block < kBlocks; block++)
            {
                var sum = new ReadOnlySpan<float>(sums + block * blockFloats + (nint)i * p.N, p.N);
                if (block == 0 && !p.Accumulate)
                {
                    sum.CopyTo(row);
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(row, sum, row);
                }
            }
        }
        p.ApplyEpilogueToC();
    }
}
