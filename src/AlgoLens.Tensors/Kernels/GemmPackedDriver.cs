namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The blocked loops of the packed path (BLIS order): for each NC-wide panel of op(B) and each
/// KC-deep block of K, pack the B panel once (shared by all threads), then split C into tiles of
/// (MC-row block × group of NR slivers); each tile packs its own A block into a thread-local buffer
/// and runs the micro-kernel over it. K is never split across threads and the KC blocks are visited
/// in order, so the summation order per element is the same for every thread count.
/// </summary>
internal static unsafe class GemmPackedDriver<TK>
    where TK : struct, IGemmMicroKernel
{
    /// <summary>Below this many floats a B panel is packed by the calling thread alone.</summary>
    private const long ParallelPackFloats = 32 * 1024;

    [ThreadStatic]
    private static Job? cachedJob;

    [ThreadStatic]
    private static GemmBuffer? packedABuffer;

    /// <summary>Computes the product with up to <paramref name="threads"/> threads.</summary>
    public static void Run(in GemmProblem problem, int threads)
    {
        // A re-entrant call on this thread (a caller's callback inside our parallel loop) must not
        // reuse the job that is running, so it gets a fresh one.
        Job job = cachedJob is { Busy: false } cached ? cached : new Job();
        cachedJob ??= job;
        job.Busy = true;
        try
        {
            job.Execute(in problem, threads);
        }
        finally
        {
            job.Busy = false;
        }
    }

    /// <summary>
    /// Packing one element costs about as much as this many multiply-adds of the micro-kernel
    /// (measured on Zen 4: ~0.3-0.5 ns per element against ~110 GFLOP/s).
    /// </summary>
    private const int PackCostInMultiplyAdds = 32;

    /// <summary>
    /// Cuts C into tiles for <paramref name="threads"/> threads: M into blocks of whole MR slivers
    /// (at most MC rows), the panel's NR slivers into groups. Picks the cut with the least estimated
    /// time, counting rounds of tiles per thread and the A block each tile packs (so cutting N, which
    /// packs the same A block again per group, is used only when M alone cannot feed the threads).
    /// Results do not depend on it: it only decides who computes which part of C.
    /// </summary>
    internal static (int RowSlivers, int ColumnSlivers) ChooseTiling(int m, int slivers, int threads)
    {
        int mr = TK.MR;
        int mSlivers = (m + mr - 1) / mr;
        int minBlocks = (mSlivers + TK.MC / mr - 1) / (TK.MC / mr);
        if (threads <= 1)
        {
            return ((mSlivers + minBlocks - 1) / minBlocks, slivers);
        }
        (int, int) best = (0, 0);
        double bestCost = double.MaxValue;
        for (int blocks = minBlocks; blocks <= Math.Min(mSlivers, minBlocks + 2 * threads); blocks++)
        {
            int rowSlivers = (mSlivers + blocks - 1) / blocks;
            int realBlocks = (mSlivers + rowSlivers - 1) / rowSlivers;
            for (int groups = 1; groups <= Math.Min(slivers, 4 * threads); groups++)
            {
                int columnSlivers = (slivers + groups - 1) / groups;
                int tiles = realBlocks * ((slivers + columnSlivers - 1) / columnSlivers);
                int rounds = (tiles + threads - 1) / threads;
                double tileCost = (double)rowSlivers * mr * ((double)columnSlivers * TK.NR + PackCostInMultiplyAdds);
                double cost = rounds * tileCost;
                // Ties go to the earlier (fewer, larger) tiles.
                if (cost < bestCost * 0.999)
                {
                    bestCost = cost;
                    best = (rowSlivers, columnSlivers);
                }
            }
        }
        return best;
    }

    private sealed class Job
    {
        private readonly GemmBuffer packedBBuffer = new();
        private readonly Action<int> computeTile;
        private readonly Action<int> packBChunk;
        private GemmProblem problem;
        private float* packedB;
        private int jc, nc, slivers, pc, kc;
        private bool add;
        private int mBlocks, mBlockRows, groups, groupSlivers, packSlivers;

        public Job()
        {
            computeTile = ComputeTile;
            packBChunk = PackBChunk;
        }

        public bool Busy { get; set; }

        public void Execute(in GemmProblem p, int threads)
        {
            problem = p;
            int mr = TK.MR;
            int nr = TK.NR;
            for (jc = 0; jc < p.N; jc += TK.NC)
            {
                nc = Math.Min(TK.NC, p.N - jc);
                slivers = (nc + nr - 1) / nr;
                (int rowSlivers, groupSlivers) = ChooseTiling(p.M, slivers, threads);
                mBlockRows = rowSlivers * mr;
                mBlocks = (p.M + mBlockRows - 1) / mBlockRows;
                groups = (slivers + groupSlivers - 1) / groupSlivers;
                packSlivers = (slivers + threads - 1) / threads;
                packedB = packedBBuffer.Get((nint)slivers * nr * Gemm.KC);
                for (pc = 0; pc < p.K; pc += Gemm.KC)
                {
                    kc = Math.Min(Gemm.KC, p.K - pc);
                    add = p.Accumulate || pc > 0;
                    int packChunks = (slivers + packSlivers - 1) / packSlivers;
                    if (threads > 1 && packChunks > 1 && (long)kc * nc >= ParallelPackFloats)
                    {
                        Parallelism.For(packChunks, packBChunk);
                    }
                    else
                    {
                        GemmPacking<TK>.PackB(in problem, pc, kc, jc, nc, 0, slivers, packedB);
                    }
                    int tiles = mBlocks * groups;
                    if (threads > 1 && tiles > 1)
                    {
                        Parallelism.For(tiles, computeTile);
                    }
                    else
                    {
                        for (int t = 0; t < tiles; t++)
                        {
                            ComputeTile(t);
                        }
                    }
                }
            }
        }

        private void PackBChunk(int chunk)
        {
            int s0 = chunk * packSlivers;
            int s1 = Math.Min(slivers, s0 + packSlivers);
            GemmPacking<TK>.PackB(in problem, pc, kc, jc, nc, s0, s1, packedB);
        }

        private void ComputeTile(int tile)
        {
            int mr = TK.MR;
            int nr = TK.NR;
            int i0 = tile / groups * mBlockRows;
            int mc = Math.Min(mBlockRows, problem.M - i0);
            int s0 = tile % groups * groupSlivers;
            int s1 = Math.Min(slivers, s0 + groupSlivers);
            float* packedA = (packedABuffer ??= new GemmBuffer()).Get((nint)mBlockRows * Gemm.KC);
            GemmPacking<TK>.PackA(in problem, i0, mc, pc, kc, packedA);

            float* edge = stackalloc float[mr * nr];
            nint ldc = problem.Ldc;
            for (int s = s0; s < s1; s++)
            {
                int j = s * nr;
                int cols = Math.Min(nr, nc - j);
                float* bSliver = packedB + (nint)s * nr * kc;
                float* cColumn = problem.C + (nint)i0 * ldc + jc + j;
                // The B sliver stays in L1 while the A slivers of the block stream from L2.
                for (int i = 0; i < mc; i += mr)
                {
                    int rows = Math.Min(mr, mc - i);
                    float* aSliver = packedA + (nint)i * kc;
                    float* cTile = cColumn + i * ldc;
                    if (rows == mr && cols == nr)
                    {
                        TK.Run(kc, aSliver, bSliver, cTile, ldc, add);
                    }
                    else
                    {
                        TK.Run(kc, aSliver, bSliver, edge, nr, false);
                        MergeEdge(edge, nr, cTile, ldc, rows, cols, add);
                    }
                }
            }
        }

        /// <summary>Writes the valid part of an edge tile with the same store-or-add as the kernel.</summary>
        private static void MergeEdge(float* tile, int nr, float* c, nint ldc, int rows, int cols, bool add)
        {
            for (int r = 0; r < rows; r++, tile += nr, c += ldc)
            {
                for (int j = 0; j < cols; j++)
                {
                    c[j] = add ? c[j] + tile[j] : tile[j];
                }
            }
        }
    }
}
