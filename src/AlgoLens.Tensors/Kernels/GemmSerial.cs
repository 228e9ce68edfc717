namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// A packed product run on the calling thread alone, for the pieces of fused ops that are sized
/// for one core's caches and parallelised by the op itself. op(B) can be packed once
/// (<see cref="PackB"/>) and reused across calls, as a weight matrix is. Same blocking and
/// summation order as the threaded driver (K blocks of <see cref="Gemm.KC"/>), so the same bits.
/// </summary>
internal static unsafe class GemmSerial<TK>
    where TK : struct, IGemmMicroKernel
{
    /// <summary>NR-wide slivers covering <paramref name="n"/> columns.</summary>
    public static int Slivers(int n) => (n + TK.NR - 1) / TK.NR;

    /// <summary>Floats that all of op(B) [k, n ≤ NC] takes packed: the K block at pc starts at
    /// Slivers(n)·NR·pc.</summary>
    public static nint PackedBFloats(int k, int n) => (nint)Slivers(n) * TK.NR * k;

    /// <summary>Floats of the A scratch that <see cref="Run"/> needs.</summary>
    public static nint ScratchAFloats => (nint)TK.MC * Gemm.KC;

    /// <summary>Floats of the B scratch that <see cref="Run"/> needs when op(B) is not pre-packed.</summary>
    public static nint ScratchBFloats(int n) => (nint)Slivers(Math.Min(n, TK.NC)) * TK.NR * Gemm.KC;

    /// <summary>Packs all of op(B) of <paramref name="p"/> (p.N ≤ NC) for <see cref="Run"/>.</summary>
    public static void PackB(in GemmProblem p, float* dst)
    {
        if (p.N > TK.NC)
        {
            throw new ArgumentException($"GemmSerial: a pre-packed op(B) must have at most {TK.NC} columns; got {p.N}.");
        }
        int slivers = Slivers(p.N);
        for (int pc = 0; pc < p.K; pc += Gemm.KC)
        {
            GemmPacking<TK>.PackB(in p, pc, Math.Min(Gemm.KC, p.K - pc), 0, p.N, 0, slivers, dst + (nint)slivers * TK.NR * pc);
        }
    }

    /// <summary>
    /// The product of <paramref name="p"/> with its epilogue. op(B) comes from
    /// <paramref name="packedB"/> (made by <see cref="PackB"/> from the same B) or, when that is
    /// null, is packed into <paramref name="scratchB"/> block by block.
    /// </summary>
    public static void Run(in GemmProblem p, float* packedB, float* scratchA, float* scratchB)
    {
        if (p.M == 0 || p.N == 0)
        {
            return;
        }
        if (p.K == 0)
        {
            if (!p.Accumulate)
            {
                p.ClearC();
            }
            p.ApplyEpilogueToC();
            return;
        }
        if (packedB != null && p.N > TK.NC)
        {
            throw new ArgumentException($"GemmSerial: a pre-packed op(B) must have at most {TK.NC} columns; got {p.N}.");
        }
        int mBlock = TK.MC / TK.MR * TK.MR;
        bool hasEpilogue = !p.Epilogue.IsNone;
        for (int jc = 0; jc < p.N; jc += TK.NC)
        {
            int nc = Math.Min(TK.NC, p.N - jc);
            int slivers = Slivers(nc);
            for (int pc = 0; pc < p.K; pc += Gemm.KC)
            {
                int kc = Math.Min(Gemm.KC, p.K - pc);
                float* panel = packedB + (nint)slivers * TK.NR * pc;
                if (packedB == null)
                {
                    GemmPacking<TK>.PackB(in p, pc, kc, jc, nc, 0, slivers, scratchB);
                    panel = scratchB;
                }
                bool add = p.Accumulate || pc > 0;
                bool finish = hasEpilogue && pc + kc == p.K;
                for (int i0 = 0; i0 < p.M; i0 += mBlock)
                {
                    int mc = Math.Min(mBlock, p.M - i0);
                    GemmPacking<TK>.PackA(in p, i0, mc, pc, kc, scratchA);
                    GemmMacroKernel<TK>.Run(scratchA, mc, kc, panel, nc, 0, slivers, p.C + (nint)i0 * p.Ldc + jc, p.Ldc,
                        add, finish, p.Epilogue, i0, jc);
                }
            }
        }
    }
}
