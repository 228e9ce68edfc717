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
internal static unsafe class GemmDirect
{
    private const int TileRows = 4;
    private const int ScalarTileCols = 4;
    private const int VectorCols = 8;

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
                    for (; j + VectorCols <= p.N; j += VectorCols)
                    {
                        VectorTile(in p, i, rows, j, pc, kc, add);
                    }
                }
                for (; j < p.N; j += ScalarTileCols)
                {
                    ScalarTile(in p, i, rows, j, Math.Min(ScalarTileCols, p.N - j), pc, kc, add);
                }
            }
        }
    }

    /// <summary>Rows [i, i+rows) × columns [j, j+8) of C, one ymm accumulator per row.</summary>
    private static void VectorTile(in GemmProblem p, int i, int rows, int j, int pc, int kc, bool add)
    {
        nint ar = p.ARow;
        nint ac = p.ACol;
        nint ldb = p.Ldb;
        // Missing rows re-read the last valid row; their sums are computed and dropped.
        float* a0 = p.A + i * ar + pc * ac;
        float* a1 = a0 + Math.Min(1, rows - 1) * ar;
        float* a2 = a0 + Math.Min(2, rows - 1) * ar;
        float* a3 = a0 + Math.Min(3, rows - 1) * ar;
        float* b = p.B + pc * ldb + j;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (nint q = 0; q < kc; q++, b += ldb)
        {
            Vector256<float> bv = Vector256.Load(b);
            nint offset = q * ac;
            s0 = Fma.MultiplyAdd(Vector256.Create(a0[offset]), bv, s0);
            s1 = Fma.MultiplyAdd(Vector256.Create(a1[offset]), bv, s1);
            s2 = Fma.MultiplyAdd(Vector256.Create(a2[offset]), bv, s2);
            s3 = Fma.MultiplyAdd(Vector256.Create(a3[offset]), bv, s3);
        }
        float* c = p.C + i * (nint)p.Ldc + j;
        WriteRow(c, s0, add);
        if (rows > 1)
        {
            WriteRow(c += p.Ldc, s1, add);
        }
        if (rows > 2)
        {
            WriteRow(c += p.Ldc, s2, add);
        }
        if (rows > 3)
        {
            WriteRow(c + p.Ldc, s3, add);
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

    /// <summary>Rows [i, i+rows) × columns [j, j+cols) of C (at most 4×4), sixteen scalar chains.</summary>
    private static void ScalarTile(in GemmProblem p, int i, int rows, int j, int cols, int pc, int kc, bool add)
    {
        nint ar = p.ARow;
        nint ac = p.ACol;
        nint br = p.BRow;
        nint bc = p.BCol;
        float* a0 = p.A + i * ar + pc * ac;
        float* a1 = a0 + Math.Min(1, rows - 1) * ar;
        float* a2 = a0 + Math.Min(2, rows - 1) * ar;
        float* a3 = a0 + Math.Min(3, rows - 1) * ar;
        float* b0 = p.B + pc * br + j * bc;
        float* b1 = b0 + Math.Min(1, cols - 1) * bc;
        float* b2 = b0 + Math.Min(2, cols - 1) * bc;
        float* b3 = b0 + Math.Min(3, cols - 1) * bc;
        float s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        float s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (nint q = 0; q < kc; q++)
        {
            nint ao = q * ac;
            nint bo = q * br;
            float x0 = a0[ao], x1 = a1[ao], x2 = a2[ao], x3 = a3[ao];
            float y0 = b0[bo], y1 = b1[bo], y2 = b2[bo], y3 = b3[bo];
            s00 = MathF.FusedMultiplyAdd(x0, y0, s00);
            s01 = MathF.FusedMultiplyAdd(x0, y1, s01);
            s02 = MathF.FusedMultiplyAdd(x0, y2, s02);
            s03 = MathF.FusedMultiplyAdd(x0, y3, s03);
            s10 = MathF.FusedMultiplyAdd(x1, y0, s10);
            s11 = MathF.FusedMultiplyAdd(x1, y1, s11);
            s12 = MathF.FusedMultiplyAdd(x1, y2, s12);
            s13 = MathF.FusedMultiplyAdd(x1, y3, s13);
            s20 = MathF.FusedMultiplyAdd(x2, y0, s20);
            s21 = MathF.FusedMultiplyAdd(x2, y1, s21);
            s22 = MathF.FusedMultiplyAdd(x2, y2, s22);
            s23 = MathF.FusedMultiplyAdd(x2, y3, s23);
            s30 = MathF.FusedMultiplyAdd(x3, y0, s30);
            s31 = MathF.FusedMultiplyAdd(x3, y1, s31);
            s32 = MathF.FusedMultiplyAdd(x3, y2, s32);
            s33 = MathF.FusedMultiplyAdd(x3, y3, s33);
        }
        nint ldc = p.Ldc;
        float* c = p.C + i * ldc + j;
        WriteRow(c, cols, s00, s01, s02, s03, add);
        if (rows > 1)
        {
            WriteRow(c + ldc, cols, s10, s11, s12, s13, add);
        }
        if (rows > 2)
        {
            WriteRow(c + 2 * ldc, cols, s20, s21, s22, s23, add);
        }
        if (rows > 3)
        {
            WriteRow(c + 3 * ldc, cols, s30, s31, s32, s33, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(float* c, int cols, float s0, float s1, float s2, float s3, bool add)
    {
        c[0] = add ? c[0] + s0 : s0;
        if (cols > 1)
        {
            c[1] = add ? c[1] + s1 : s1;
        }
        if (cols > 2)
        {
            c[2] = add ? c[2] + s2 : s2;
        }
        if (cols > 3)
        {
            c[3] = add ? c[3] + s3 : s3;
        }
    }
}
