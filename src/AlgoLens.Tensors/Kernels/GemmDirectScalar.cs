using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AlgoLens.Tensors.Kernels;

/// <summary>Scalar tiles of the direct path, for columns that vector tiles do not cover.</summary>
internal static unsafe partial class GemmDirect
{
    /// <summary>Rows [i, i+rows) × columns [j, j+cols) of C, at most 4×4, one scalar chain each.</summary>
    private static void ScalarTile(in GemmProblem p, int i, int rows, int j, int cols, int pc, int kc, bool add)
    {
        switch (rows)
        {
            case 1:
                ScalarTile<Size1>(in p, i, j, cols, pc, kc, add);
                break;
            case 2:
                ScalarTile<Size2>(in p, i, j, cols, pc, kc, add);
                break;
            case 3:
                ScalarTile<Size3>(in p, i, j, cols, pc, kc, add);
                break;
            default:
                ScalarTile<Size4>(in p, i, j, cols, pc, kc, add);
                break;
        }
    }

    private static void ScalarTile<TRows>(in GemmProblem p, int i, int j, int cols, int pc, int kc, bool add)
        where TRows : struct, ITileSize
    {
        switch (cols)
        {
            case 1:
                ScalarTile<TRows, Size1>(in p, i, j, pc, kc, add);
                break;
            case 2:
                ScalarTile<TRows, Size2>(in p, i, j, pc, kc, add);
                break;
            case 3:
                ScalarTile<TRows, Size3>(in p, i, j, pc, kc, add);
                break;
            default:
                ScalarTile<TRows, Size4>(in p, i, j, pc, kc, add);
                break;
        }
    }

    /// <summary>
    /// A TRows×TCols tile with one FMA chain per element. The sizes are type parameters so the JIT
    /// compiles each shape without the unused chains: a 3×3 attention tile runs 9 chains, not 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarTile<TRows, TCols>(in GemmProblem p, int i, int j, int pc, int kc, bool add)
        where TRows : struct, ITileSize
        where TCols : struct, ITileSize
    {
        int rows = TRows.Value;
        int cols = TCols.Value;
        nint ar = p.ARow;
        nint ac = p.ACol;
        nint br = p.BRow;
        nint bc = p.BCol;
        float* a0 = p.A + i * ar + pc * ac;
        float* a1 = a0 + ar;
        float* a2 = a1 + ar;
        float* a3 = a2 + ar;
        float* b0 = p.B + pc * br + j * bc;
        float* b1 = b0 + bc;
        float* b2 = b1 + bc;
        float* b3 = b2 + bc;
        float s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        float s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        // Offsets advance by addition: the JIT does not strength-reduce q·stride for us.
        nint ao = 0;
        nint bo = 0;
        for (nint q = 0; q < kc; q++, ao += ac, bo += br)
        {
            float y0 = b0[bo];
            float y1 = cols > 1 ? b1[bo] : 0f;
            float y2 = cols > 2 ? b2[bo] : 0f;
            float y3 = cols > 3 ? b3[bo] : 0f;
            float x = a0[ao];
            s00 = Fused(x, y0, s00);
            if (cols > 1) s01 = Fused(x, y1, s01);
            if (cols > 2) s02 = Fused(x, y2, s02);
            if (cols > 3) s03 = Fused(x, y3, s03);
            if (rows > 1)
            {
                x = a1[ao];
                s10 = Fused(x, y0, s10);
                if (cols > 1) s11 = Fused(x, y1, s11);
                if (cols > 2) s12 = Fused(x, y2, s12);
                if (cols > 3) s13 = Fused(x, y3, s13);
            }
            if (rows > 2)
            {
                x = a2[ao];
                s20 = Fused(x, y0, s20);
                if (cols > 1) s21 = Fused(x, y1, s21);
                if (cols > 2) s22 = Fused(x, y2, s22);
                if (cols > 3) s23 = Fused(x, y3, s23);
            }
            if (rows > 3)
            {
                x = a3[ao];
                s30 = Fused(x, y0, s30);
                if (cols > 1) s31 = Fused(x, y1, s31);
                if (cols > 2) s32 = Fused(x, y2, s32);
                if (cols > 3) s33 = Fused(x, y3, s33);
            }
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

    /// <summary>x·y + s rounded once: MathF.FusedMultiplyAdd, or the FMA3 instruction in the form
    /// that overwrites the accumulator (the JIT's choice for the MathF call adds a register copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Fused(float x, float y, float s) => Fma.IsSupported
        ? Fma.MultiplyAddScalar(Vector128.CreateScalarUnsafe(x), Vector128.CreateScalarUnsafe(y), Vector128.CreateScalarUnsafe(s)).ToScalar()
        : MathF.FusedMultiplyAdd(x, y, s);

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

    /// <summary>A tile extent known when the JIT compiles a generic instantiation.</summary>
    private interface ITileSize
    {
        static abstract int Value { get; }
    }

    private readonly struct Size1 : ITileSize
    {
        public static int Value => 1;
    }

    private readonly struct Size2 : ITileSize
    {
        public static int Value => 2;
    }

    private readonly struct Size3 : ITileSize
    {
        public static int Value => 3;
    }

    private readonly struct Size4 : ITileSize
    {
        public static int Value => 4;
    }
}
