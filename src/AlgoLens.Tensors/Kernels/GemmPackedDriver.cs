using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The blocked loops of the packed path (BLIS order): for each NC-wide panel of op(B) and each
/// KC-deep block of K, pack the B panel once (shared by all threads), then split C into tiles of
/// (MC-row block × group of NR slivers); each tile packs its own A block into a thread-local buffer
/// and runs the micro-kernel over it. K is never split across threads and each C tile takes its
/// KC blocks in order, so the summation order per element is the same for every thread count.
/// </summary>
internal static unsafe class GemmPackedDriver<TK>
    where TK : struct, IGemmMicroKernel
{
    /// <summary>Below this many floats a B panel is packed by the calling thread alone.</summary>
    private const long ParallelPackFloats = 32 * 1024;

    [ThreadStatic]
    private static GemmBuffer? packedABuffer;

    /// <summary>Computes the product with up to <paramref name="threads"/> threads.</summary>
    public static void Run(in GemmProblem problem, int threads) => Job.Run(in problem, threads);

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

    /// <summary>
    /// One product's schedule. The work is a list of items claimed in order by every thread of a
    /// <see cref="Parallelism.Cooperate"/> team: for each step (an NC panel × a KC block) first the
    /// chunks that pack the step's B panel, then the C tiles. An item waits only on items earlier in
    /// the list (a tile on the pack chunks holding its slivers and on its own previous K block; a pack
    /// chunk on the tiles two steps back, which read the same one of two B buffers), and every claimed
    /// item is being run by a live thread, so the earliest unfinished item can always proceed.
    /// Threads pack the next step while others finish tiles, with one fork per product.
    /// </summary>
    private sealed class Job : ThreadCachedJob<Job>
    {
        private readonly GemmBuffer[] packedBBuffers = [new GemmBuffer(), new GemmBuffer()];
        private readonly float*[] packedB = new float*[2];
        private readonly Action worker;
        private GemmProblem problem;
        private int kBlocks, steps, packChunks, packSlivers, tiles, itemsPerStep, totalItems;
        private int slivers, mBlocks, mBlockRows, groups, groupSlivers;
        private int nextItem;
        private bool failed;
        private int[] packChunkDone = [];
        private int[] tilesDone = [];
        private int[] tileDone = []; // [step, tile]: 1 once that tile's step is summed into C

        private Job()
        {
            worker = Work;
        }

        public static void Run(in GemmProblem problem, int threads)
        {
            var job = Rent(static () => new Job());
            try
            {
                job.Execute(in problem, threads);
            }
            finally
            {
                job.Return();
            }
        }

        private void Execute(in GemmProblem p, int threads)
        {
            problem = p;
            int mr = TK.MR;
            int nr = TK.NR;
            // Tiling and chunking are fixed for the product; a narrower last panel leaves some
            // items empty.
            slivers = (Math.Min(TK.NC, p.N) + nr - 1) / nr;
            (int rowSlivers, groupSlivers) = ChooseTiling(p.M, slivers, threads);
            mBlockRows = rowSlivers * mr;
            mBlocks = (p.M + mBlockRows - 1) / mBlockRows;
            groups = (slivers + groupSlivers - 1) / groupSlivers;
            tiles = mBlocks * groups;
            bool parallelPack = threads > 1 && (long)Math.Min(Gemm.KC, p.K) * slivers * nr >= ParallelPackFloats;
            packSlivers = parallelPack ? (slivers + threads - 1) / threads : slivers;
            packChunks = (slivers + packSlivers - 1) / packSlivers;
            kBlocks = (p.K + Gemm.KC - 1) / Gemm.KC;
            steps = (p.N + TK.NC - 1) / TK.NC * kBlocks;
            itemsPerStep = packChunks + tiles;
            totalItems = steps * itemsPerStep;
            for (int i = 0; i < 2; i++)
            {
                packedB[i] = packedBBuffers[i].Get((nint)slivers * nr * Gemm.KC);
            }
            Reset(ref packChunkDone, steps * packChunks, 0);
            Reset(ref tilesDone, steps, 0);
            Reset(ref tileDone, steps * tiles, 0);
            nextItem = 0;
            failed = false;
            Parallelism.Cooperate(threads, worker);
        }

        private static void Reset(ref int[] array, int length, int value)
        {
            if (array.Length < length)
            {
                array = new int[length];
            }
            array.AsSpan(0, length).Fill(value);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Work()
        {
            int item;
            while ((item = Interlocked.Increment(ref nextItem) - 1) < totalItems)
            {
                try
                {
                    int step = item / itemsPerStep;
                    int index = item % itemsPerStep;
                    if (index < packChunks)
                    {
                        PackChunk(step, index);
                    }
                    else
                    {
                        Tile(step, index - packChunks);
                    }
                }
                catch
                {
                    // Let the other threads stop waiting on items that will now never finish.
                    Volatile.Write(ref failed, true);
                    throw;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackChunk(int step, int chunk)
        {
            if (step >= 2)
            {
                WaitFor(ref tilesDone[step - 2], tiles);
            }
            int jc = step / kBlocks * TK.NC;
            int pc = step % kBlocks * Gemm.KC;
            int nc = Math.Min(TK.NC, problem.N - jc);
            int panelSlivers = (nc + TK.NR - 1) / TK.NR;
            int s0 = chunk * packSlivers;
            int s1 = Math.Min(panelSlivers, s0 + packSlivers);
            if (s0 < s1)
            {
                GemmPacking<TK>.PackB(in problem, pc, Math.Min(Gemm.KC, problem.K - pc), jc, nc, s0, s1, packedB[step & 1]);
            }
            Interlocked.Exchange(ref packChunkDone[step * packChunks + chunk], 1);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Tile(int step, int tile)
        {
            int jc = step / kBlocks * TK.NC;
            int pc = step % kBlocks * Gemm.KC;
            int nc = Math.Min(TK.NC, problem.N - jc);
            int panelSlivers = (nc + TK.NR - 1) / TK.NR;
            int s0 = tile % groups * groupSlivers;
            int s1 = Math.Min(panelSlivers, s0 + groupSlivers);
            if (s0 < s1)
            {
                for (int chunk = s0 / packSlivers; chunk <= (s1 - 1) / packSlivers; chunk++)
                {
                    WaitFor(ref packChunkDone[step * packChunks + chunk], 1);
                }
                if (pc > 0)
                {
                    // The same C tile's previous K block: the sums must land in block order. A
                    // flag per (step, tile), not a "last step done" per tile: the tile's first
                    // block of the next panel waits on nothing, so it can finish before this
                    // panel's last block, and a per-tile counter would then go backwards and leave
                    // the next block waiting forever (the test-run hang of 2026-11-26).
                    WaitFor(ref tileDone[(step - 1) * tiles + tile], 1);
                }
                ComputeTile(tile, jc, nc, pc, s0, s1, packedB[step & 1]);
            }
            Volatile.Write(ref tileDone[step * tiles + tile], 1);
            Interlocked.Increment(ref tilesDone[step]);
        }

        /// <summary>Spins (then yields) until <paramref name="value"/> reaches <paramref name="target"/>.</summary>
        private void WaitFor(ref int value, int target)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref value) < target)
            {
                if (Volatile.Read(ref failed))
                {
                    throw new OperationCanceledException("Gemm: another thread of this product failed.");
                }
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        /// <summary>
        /// C tile = M block × slivers [s0, s1) of the panel at <paramref name="jc"/>, for the K block
        /// at <paramref name="pc"/>: packs the A block, then runs the micro-kernel over it for each B sliver.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ComputeTile(int tile, int jc, int nc, int pc, int s0, int s1, float* panel)
        {
            int kc = Math.Min(Gemm.KC, problem.K - pc);
            int i0 = tile / groups * mBlockRows;
            int mc = Math.Min(mBlockRows, problem.M - i0);
            bool add = problem.Accumulate || pc > 0;
            float* packedA = (packedABuffer ??= new GemmBuffer()).Get((nint)mBlockRows * Gemm.KC);
            GemmPacking<TK>.PackA(in problem, i0, mc, pc, kc, packedA);
            bool finish = pc + kc == problem.K && !problem.Epilogue.IsNone;
            GemmMacroKernel<TK>.Run(packedA, mc, kc, panel, nc, s0, s1, problem.C + (nint)i0 * problem.Ldc + jc, problem.Ldc,
                add, finish, problem.Epilogue, i0, jc);
        }
    }
}
