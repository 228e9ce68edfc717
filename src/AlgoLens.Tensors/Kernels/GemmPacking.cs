using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the layout the micro-kernel streams: slivers of MR rows of
/// op(A) (for each k, MR consecutive values) and slivers of NR columns of op(B) (for each k, NR
/// consecutive values). Rows or columns past the edge are zero, so edge tiles run the same kernel.
/// Transposes are resolved here, which keeps the micro-kernel one code path.
/// </summary>
internal static unsafe class GemmPacking<TK>
    where TK : struct, IGemmMicroKernel
{
    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] into ceil(mc/MR) slivers of MR·kc floats.</summary>
    public static void PackA(in GemmProblem pr, int i0, int mc, int p0, int kc, float* dst)
    {
        int mr = TK.MR;
        for (int i = 0; i < mc; i += mr, dst += (nint)mr * kc)
        {
            int rows = Math.Min(mr, mc - i);
            if (pr.TransA)
            {
                // Stored A is [k, m]: each k step of the sliver is a contiguous run of stored A.
                float* src = pr.A + (nint)p0 * pr.Lda + i0 + i;
                float* d = dst;
                for (int p = 0; p < kc; p++, src += pr.Lda, d += mr)
                {
                    CopyPadded(src, d, rows, mr);
                }
            }
            else
            {
                Transpose(pr.A + (nint)(i0 + i) * pr.Lda + p0, pr.Lda, rows, kc, dst, mr);
            }
        }
    }

    /// <summary>
    /// Packs slivers [s0, s1) of op(B)[p0..p0+kc, j0..j0+nc] into kc·NR floats each, at
    /// dst + s·NR·kc (so several threads can fill one panel).
    /// </summary>
    public static void PackB(in GemmProblem pr, int p0, int kc, int j0, int nc, int s0, int s1, float* dst)
    {
        int nr = TK.NR;
        for (int s = s0; s < s1; s++)
        {
            int j = s * nr;
            int cols = Math.Min(nr, nc - j);
            float* d = dst + (nint)s * nr * kc;
            if (!pr.TransB)
            {
                float* src = pr.B + (nint)p0 * pr.Ldb + j0 + j;
                for (int p = 0; p < kc; p++, src += pr.Ldb, d += nr)
                {
                    CopyPadded(src, d, cols, nr);
                }
            }
            else
            {
                // Stored B is [n, k]: a column of op(B) is a contiguous row of stored B.
                Transpose(pr.B + (nint)(j0 + j) * pr.Ldb + p0, pr.Ldb, cols, kc, d, nr);
            }
        }
    }

    /// <summary>
    /// Writes lines [0, count) of length kc (line r at src + r·ld) as columns of a kc×width block
    /// (dst[p·width + r] = src[r·ld + p]); columns count..width-1 become zero.
    /// </summary>
    private static void Transpose(float* src, nint ld, int count, int kc, float* dst, int width)
    {
        for (int r = 0; r < count; r++)
        {
            float* line = src + r * ld;
            float* d = dst + r;
            for (int p = 0; p < kc; p++)
            {
                d[(nint)p * width] = line[p];
            }
        }
        for (int r = count; r < width; r++)
        {
            float* d = dst + r;
            for (int p = 0; p < kc; p++)
            {
                d[(nint)p * width] = 0f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dst, int count, int width)
    {
        int i = 0;
        if (count == width)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= width; i += 16)
                {
                    Vector512.Load(src + i).Store(dst + i);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= width; i += 8)
                {
                    Vector256.Load(src + i).Store(dst + i);
                }
            }
            for (; i + 4 <= width; i += 4)
            {
                Vector128.Load(src + i).Store(dst + i);
            }
        }
        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
        for (; i < width; i++)
        {
            dst[i] = 0f;
        }
    }
}
