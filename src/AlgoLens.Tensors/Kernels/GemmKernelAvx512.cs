using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// 12×32 AVX-512 micro-kernel: 24 zmm accumulators, 2 zmm of B and one broadcast of A per k step,
/// 27 of the 32 zmm registers. 24 independent FMAs per step cover the FMA latency (4 cycles) times
/// throughput (one zmm per cycle on Zen 4, two on server Intel parts) with room to spare.
/// </summary>
internal readonly unsafe struct GemmKernelAvx512 : IGemmMicroKernel
{
    public static int MR => 12;
    public static int NR => 32;

    /// <inheritdoc cref="Gemm.VectorMC"/>
    public static int MC => Gemm.VectorMC;

    /// <inheritdoc cref="Gemm.NC"/>
    public static int NC => Gemm.NC;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        // Fetch the C tile while the FMAs run, rather than stall on it at write-back.
        for (nint r = 0; r < 12; r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + 16);
        }
        Vector512<float> c0l = default, c0h = default, c1l = default, c1h = default;
        Vector512<float> c2l = default, c2h = default, c3l = default, c3h = default;
        Vector512<float> c4l = default, c4h = default, c5l = default, c5h = default;
        Vector512<float> c6l = default, c6h = default, c7l = default, c7h = default;
        Vector512<float> c8l = default, c8h = default, c9l = default, c9h = default;
        Vector512<float> c10l = default, c10h = default, c11l = default, c11h = default;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> bl = Vector512.Load(b);
            Vector512<float> bh = Vector512.Load(b + 16);
            Vector512<float> av = Vector512.Create(a[0]);
            c0l = Avx512F.FusedMultiplyAdd(av, bl, c0l);
            c0h = Avx512F.FusedMultiplyAdd(av, bh, c0h);
            av = Vector512.Create(a[1]);
            c1l = Avx512F.FusedMultiplyAdd(av, bl, c1l);
            c1h = Avx512F.FusedMultiplyAdd(av, bh, c1h);
            av = Vector512.Create(a[2]);
            c2l = Avx512F.FusedMultiplyAdd(av, bl, c2l);
            c2h = Avx512F.FusedMultiplyAdd(av, bh, c2h);
            av = Vector512.Create(a[3]);
            c3l = Avx512F.FusedMultiplyAdd(av, bl, c3l);
            c3h = Avx512F.FusedMultiplyAdd(av, bh, c3h);
            av = Vector512.Create(a[4]);
            c4l = Avx512F.FusedMultiplyAdd(av, bl, c4l);
            c4h = Avx512F.FusedMultiplyAdd(av, bh, c4h);
            av = Vector512.Create(a[5]);
            c5l = Avx512F.FusedMultiplyAdd(av, bl, c5l);
            c5h = Avx512F.FusedMultiplyAdd(av, bh, c5h);
            av = Vector512.Create(a[6]);
            c6l = Avx512F.FusedMultiplyAdd(av, bl, c6l);
            c6h = Avx512F.FusedMultiplyAdd(av, bh, c6h);
            av = Vector512.Create(a[7]);
            c7l = Avx512F.FusedMultiplyAdd(av, bl, c7l);
            c7h = Avx512F.FusedMultiplyAdd(av, bh, c7h);
            av = Vector512.Create(a[8]);
            c8l = Avx512F.FusedMultiplyAdd(av, bl, c8l);
            c8h = Avx512F.FusedMultiplyAdd(av, bh, c8h);
            av = Vector512.Create(a[9]);
            c9l = Avx512F.FusedMultiplyAdd(av, bl, c9l);
            c9h = Avx512F.FusedMultiplyAdd(av, bh, c9h);
            av = Vector512.Create(a[10]);
            c10l = Avx512F.FusedMultiplyAdd(av, bl, c10l);
            c10h = Avx512F.FusedMultiplyAdd(av, bh, c10h);
            av = Vector512.Create(a[11]);
            c11l = Avx512F.FusedMultiplyAdd(av, bl, c11l);
            c11h = Avx512F.FusedMultiplyAdd(av, bh, c11h);
            a += 12;
            b += 32;
        }
        WriteRow(c, c0l, c0h, add);
        WriteRow(c += ldc, c1l, c1h, add);
        WriteRow(c += ldc, c2l, c2h, add);
        WriteRow(c += ldc, c3l, c3h, add);
        WriteRow(c += ldc, c4l, c4h, add);
        WriteRow(c += ldc, c5l, c5h, add);
        WriteRow(c += ldc, c6l, c6h, add);
        WriteRow(c += ldc, c7l, c7h, add);
        WriteRow(c += ldc, c8l, c8h, add);
        WriteRow(c += ldc, c9l, c9h, add);
        WriteRow(c += ldc, c10l, c10h, add);
        WriteRow(c += ldc, c11l, c11h, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(float* c, Vector512<float> low, Vector512<float> high, bool add)
    {
        if (add)
        {
            low += Vector512.Load(c);
            high += Vector512.Load(c + 16);
        }
        low.Store(c);
        high.Store(c + 16);
    }
}
