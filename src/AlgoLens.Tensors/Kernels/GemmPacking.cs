using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// <summary>How many rows ahead the packing loops prefetch the source.</summary>
    private const int PrefetchRows = 8;

    /// <summary>How far ahead (in floats, 4 cache lines) the transposing loops prefetch each line.</summary>
    private const int PrefetchFloats = 64;

    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] into ceil(mc/MR) slivers of MR·kc floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(in GemmProblem pr, int i0, int mc, int p0, int kc, float* dst)
    {
        int mr = TK.MR;
        if (pr.TransA)
        {
            // Stored A is [k, m]: row p of stored A holds column p of op(A) for every sliver.
            ScatterRows(pr.A + (nint)p0 * pr.Lda + i0, pr.Lda, kc, mc, dst, mr);
            return;
        }
        for (int i = 0; i < mc; i += mr, dst += (nint)mr * kc)
        {
            Transpose(pr.A + (nint)(i0 + i) * pr.Lda + p0, pr.Lda, Math.Min(mr, mc - i), kc, dst, mr);
        }
    }

    /// <summary>
    /// Packs slivers [s0, s1) of op(B)[p0..p0+kc, j0..j0+nc] into kc·NR floats each, at
    /// dst + s·NR·kc (so several threads can fill one panel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(in GemmProblem pr, int p0, int kc, int j0, int nc, int s0, int s1, float* dst)
    {
        int nr = TK.NR;
        if (!pr.TransB)
        {
            int first = s0 * nr;
            int width = Math.Min(nc, s1 * nr) - first;
            ScatterRows(pr.B + (nint)p0 * pr.Ldb + j0 + first, pr.Ldb, kc, width, dst + (nint)first * kc, nr);
            return;
        }
        for (int s = s0; s < s1; s++)
        {
            // Stored B is [n, k]: a column of op(B) is a contiguous row of stored B.
            int j = s * nr;
            Transpose(pr.B + (nint)(j0 + j) * pr.Ldb + p0, pr.Ldb, Math.Min(nr, nc - j), kc, dst + (nint)j * kc, nr);
        }
    }

    /// <summary>
    /// Cuts each of <paramref name="kc"/> rows (row p at src + p·ld, <paramref name="length"/> long)
    /// into runs of <paramref name="width"/> and writes run s of row p to dst + s·width·kc + p·width,
    /// zero-padding the last run. Rows are read front to back, once each: the source is usually
    /// far bigger than L2, so its reads must be plain streams.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScatterRows(float* src, nint ld, int kc, int length, float* dst, int width)
    {
        nint sliverStride = (nint)width * kc;
        int full = length / width;
        int tail = length - full * width;
        for (int p = 0; p < kc; p++, src += ld, dst += width)
        {
            if (Sse.IsSupported && p + PrefetchRows < kc)
            {
                // Rows are short and far apart (a block of a big matrix), which hardware stream
                // prefetchers miss; without this each row waits out a full L3 or DRAM latency.
                float* ahead = src + PrefetchRows * ld;
                for (int f = 0; f < length; f += 16)
                {
                    Sse.Prefetch0(ahead + f);
                }
                Sse.Prefetch0(ahead + length - 1);
            }
            float* s = src;
            float* d = dst;
            for (int run = 0; run < full; run++, s += width, d += sliverStride)
            {
                CopyPadded(s, d, width, width);
            }
            if (tail > 0)
            {
                CopyPadded(s, d, tail, width);
            }
        }
    }

    /// <summary>
    /// Writes lines [0, count) of length kc (line r at src + r·ld) as columns of a kc×width block
    /// (dst[p·width + r] = src[r·ld + p]); columns count..width-1 become zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(float* src, nint ld, int count, int kc, float* dst, int width)
    {
        int p = 0;
        if (Sse.IsSupported)
        {
            // 4×4 register transposes: whole-vector loads and stores, against a scalar gather that
            // touches one cache line per element. Lines past the last group of 4 go one by one.
            int vectorLines = count & ~3;
            for (; p + 4 <= kc; p += 4)
            {
                float* d = dst + (nint)p * width;
                if ((p & 15) == 0 && p + PrefetchFloats < kc)
                {
                    // Each line is its own stream; more streams than the hardware prefetcher tracks.
                    for (int r = 0; r < count; r++)
                    {
                        Sse.Prefetch0(src + r * ld + p + PrefetchFloats);
                    }
                }
                int r4 = 0;
                for (; r4 < vectorLines; r4 += 4)
                {
                    float* line = src + r4 * ld + p;
                    Transpose4x4(Vector128.Load(line), Vector128.Load(line + ld), Vector128.Load(line + 2 * ld),
                        Vector128.Load(line + 3 * ld), d + r4, width);
                }
                for (int q = 0; q < 4; q++)
                {
                    TransposeTail(src + p + q, ld, vectorLines, count, d + q * width, width);
                }
            }
        }
        for (; p < kc; p++)
        {
            TransposeTail(src + p, ld, 0, count, dst + (nint)p * width, width);
        }
    }

    /// <summary>d[r] = line[r·ld] for r in [from, count), then zeros up to width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeTail(float* line, nint ld, int from, int count, float* d, int width)
    {
        int r = from;
        for (; r < count; r++)
        {
            d[r] = line[r * ld];
        }
        for (; r < width; r++)
        {
            d[r] = 0f;
        }
    }

    /// <summary>Stores the transpose of rows r0..r3 as four rows at dst, dst + width, ...</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(Vector128<float> r0, Vector128<float> r1, Vector128<float> r2, Vector128<float> r3,
        float* dst, int width)
    {
        Vector128<float> t0 = Sse.UnpackLow(r0, r1);   // r0[0] r1[0] r0[1] r1[1]
        Vector128<float> t1 = Sse.UnpackLow(r2, r3);   // r2[0] r3[0] r2[1] r3[1]
        Vector128<float> t2 = Sse.UnpackHigh(r0, r1);  // r0[2] r1[2] r0[3] r1[3]
        Vector128<float> t3 = Sse.UnpackHigh(r2, r3);  // r2[2] r3[2] r2[3] r3[3]
        Sse.MoveLowToHigh(t0, t1).Store(dst);
        Sse.MoveHighToLow(t1, t0).Store(dst + width);
        Sse.MoveLowToHigh(t2, t3).Store(dst + 2 * width);
        Sse.MoveHighToLow(t3, t2).Store(dst + 3 * width);
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
