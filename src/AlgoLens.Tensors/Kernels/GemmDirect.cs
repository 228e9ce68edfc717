using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Small products straight from the caller's memory, with no packing and no threads: for tiny
/// shapes (attention's 3×3×32 per head) packing would cost more than the arithmetic. Tiles of up to
/// 4 rows keep several independent FMA chains in flight. The summation order is the packed path's
/// (K blocks of KC, increasing k, FMA from +0), so either path gives the same bits.
/// </summary>
internal static unsafe partial class GemmDirect
{
    private const int TileRows = 4;
    private const int ScalarTileCols = 4;
    private const int VectorCols = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem p)
    {
        // Vector tiles read rows of op(B), so only where those are contiguous in memory.
        bool vector = !p.TransB && Fma.IsSupported;
        for (int pc = 0; pc < p.K; pc += Gemm.KC)
        {
            int kc = Math.Min(Gemm.KC, p.K - pc);
            bool add = p.Accumulate || pc > 0;
            for (int i = 0; i < p.M; i += TileRows)
            {
                int rows = Math.Min(TileRows, p.M - i);
                int j = 0;
                if (vector)
                {
                    for (; j + 2 * VectorCols <= p.N; j += 2 * VectorCols)
                    {
                        VectorTile(in p, i, rows, j, 2, pc, kc, add);
                    }
                    if (j + VectorCols <= p.N)
                    {
                        VectorTile(in p, i, rows, j, 1, pc, kc, add);
                        j += VectorCols;
                    }
                }
                for (; j < p.N; j += ScalarTileCols)
                {
                    ScalarTile(in p, i, rows, j, Math.Min(ScalarTileCols, p.N - j), pc, kc, add);
                }
            }
        }
    }

    /// <summary>Rows [i, i+rows) × columns [j, j+8·vectors) of C, rows ≤ 4 and vectors ≤ 2.</summary>
    private static void VectorTile(in GemmProblem p, int i, int rows, int j, int vectors, int pc, int kc, bool add)
    {
        switch ((rows, vectors))
        {
            case (1, 1): VectorTile<Size1, Size1>(in p, i, j, pc, kc, add); break;
            case (2, 1): VectorTile<Size2, Size1>(in p, i, j, pc, kc, add); break;
            case (3, 1): VectorTile<Size3, Size1>(in p, i, j, pc, kc, add); break;
            case (_, 1): VectorTile<Size4, Size1>(in p, i, j, pc, kc, add); break;
            case (1, _): VectorTile<Size1, Size2>(in p, i, j, pc, kc, add); break;
            case (2, _): VectorTile<Size2, Size2>(in p, i, j, pc, kc, add); break;
            case (3, _): VectorTile<Size3, Size2>(in p, i, j, pc, kc, add); break;
            default: VectorTile<Size4, Size2>(in p, i, j, pc, kc, add); break;
        }
    }

    /// <summary>A TRows × (8·TVectors) tile, one ymm FMA chain per row and vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VectorTile<TRows, TVectors>(in GemmProblem p, int i, int j, int pc, int kc, bool add)
        where TRows : struct, ITileSize
        where TVectors : struct, ITileSize
    {
        int rows = TRows.Value;
        bool two = TVectors.Value > 1;
        nint ar = p.ARow;
        nint ac = p.ACol;
        nint ldb = p.Ldb;
        float* a0 = p.A + i * ar + pc * ac;
        float* a1 = a0 + ar;
        float* a2 = a1 + ar;
        float* a3 = a2 + ar;
        float* b = p.B + pc * ldb + j;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
        nint offset = 0;
        for (nint q = 0; q < kc; q++, b += ldb, offset += ac)
        {
            Vector256<float> bl = Vector256.Load(b);
            Vector256<float> bh = two ? Vector256.Load(b + VectorCols) : default;
            Vector256<float> x = Vector256.Create(a0[offset]);
            s0 = Fma.MultiplyAdd(x, bl, s0);
            if (two) t0 = Fma.MultiplyAdd(x, bh, t0);
            if (rows > 1)
            {
                x = Vector256.Create(a1[offset]);
                s1 = Fma.MultiplyAdd(x, bl, s1);
                if (two) t1 = Fma.MultiplyAdd(x, bh, t1);
            }
            if (rows > 2)
            {
                x = Vector256.Create(a2[offset]);
                s2 = Fma.MultiplyAdd(x, bl, s2);
                if (two) t2 = Fma.MultiplyAdd(x, bh, t2);
            }
            if (rows > 3)
            {
                x = Vector256.Create(a3[offset]);
                s3 = Fma.MultiplyAdd(x, bl, s3);
                if (two) t3 = Fma.MultiplyAdd(x, bh, t3);
            }
        }
        nint ldc = p.Ldc;
        float* c = p.C + i * ldc + j;
        WriteRow(c, s0, add);
        if (two) WriteRow(c + VectorCols, t0, add);
        if (rows > 1)
        {
            WriteRow(c + ldc, s1, add);
            if (two) WriteRow(c + ldc + VectorCols, t1, add);
        }
        if (rows > 2)
        {
            WriteRow(c + 2 * ldc, s2, add);
            if (two) WriteRow(c + 2 * ldc + VectorCols, t2, add);
        }
        if (rows > 3)
        {
            WriteRow(c + 3 * ldc, s3, add);
            if (two) WriteRow(c + 3 * ldc + VectorCols, t3, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(float* c, Vector256<float> sum, bool add)
    {
        if (add)
        {
            sum += Vector256.Load(c);
        }
        sum.Store(c);
    }
}
