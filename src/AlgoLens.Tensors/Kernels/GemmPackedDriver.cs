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
    /// How many groups to cut the NR slivers of a panel into: enough that the tiles keep every
    /// thread busy to the end, and no more, since each extra group re-packs the same A blocks.
    /// </summary>
    internal static int ChooseGroups(int mBlocks, int slivers, int threads)
    {
        if (threads <= 1)
        {
            return 1;
        }
        for (int groups = 1; groups < slivers; groups++)
        {
            int units = mBlocks * groups;
            int rounds = (units + threads - 1) / threads;
            if (units >= 8 * threads || units >= 0.95 * rounds * threads)
            {
                return groups;
            }
        }
        return Math.Max(1, slivers);
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
            // Equal M blocks (a multiple of MR, at most MC) so that the tiles take equal time.
            mBlocks = (p.M + TK.MC - 1) / TK.MC;
            mBlockRows = ((p.M + mBlocks - 1) / mBlocks + mr - 1) / mr * mr;
            mBlocks = (p.M + mBlockRows - 1) / mBlockRows;
            for (jc = 0; jc < p.N; jc += TK.NC)
            {
                nc = Math.Min(TK.NC, p.N - jc);
                slivers = (nc + nr - 1) / nr;
                groups = ChooseGroups(mBlocks, slivers, threads);
                groupSlivers = (slivers + groups - 1) / groups;
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
