using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// 6×16 AVX2/FMA3 micro-kernel: 12 ymm accumulators, 2 ymm of B and one broadcast of A per k step,
/// 15 of the 16 ymm registers; 12 independent FMAs cover latency (4-5) × throughput (2 per cycle).
/// </summary>
internal readonly unsafe struct GemmKernelAvx2 : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;

    /// <inheritdoc cref="Gemm.VectorMC"/>
    public static int MC => Gemm.VectorMC;

    /// <inheritdoc cref="Gemm.NC"/>
    public static int NC => Gemm.NC;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        // Fetch the C tile while the FMAs run, rather than stall on it at write-back.
        for (nint r = 0; r < 6; r++)
        {
            Sse.Prefetch0(c + r * ldc);
        }
        Vector256<float> c0l = default, c0h = default, c1l = default, c1h = default;
        Vector256<float> c2l = default, c2h = default, c3l = default, c3h = default;
        Vector256<float> c4l = default, c4h = default, c5l = default, c5h = default;
        for (nint p = 0; p < kc; p++)
        {
            Vector256<float> bl = Vector256.Load(b);
            Vector256<float> bh = Vector256.Load(b + 8);
            Vector256<float> av = Vector256.Create(a[0]);
            c0l = Fma.MultiplyAdd(av, bl, c0l);
            c0h = Fma.MultiplyAdd(av, bh, c0h);
            av = Vector256.Create(a[1]);
            c1l = Fma.MultiplyAdd(av, bl, c1l);
            c1h = Fma.MultiplyAdd(av, bh, c1h);
            av = Vector256.Create(a[2]);
            c2l = Fma.MultiplyAdd(av, bl, c2l);
            c2h = Fma.MultiplyAdd(av, bh, c2h);
            av = Vector256.Create(a[3]);
            c3l = Fma.MultiplyAdd(av, bl, c3l);
            c3h = Fma.MultiplyAdd(av, bh, c3h);
            av = Vector256.Create(a[4]);
            c4l = Fma.MultiplyAdd(av, bl, c4l);
            c4h = Fma.MultiplyAdd(av, bh, c4h);
            av = Vector256.Create(a[5]);
            c5l = Fma.MultiplyAdd(av, bl, c5l);
            c5h = Fma.MultiplyAdd(av, bh, c5h);
            a += 6;
            b += 16;
        }
        WriteRow(c, c0l, c0h, add);
        WriteRow(c += ldc, c1l, c1h, add);
        WriteRow(c += ldc, c2l, c2h, add);
        WriteRow(c += ldc, c3l, c3h, add);
        WriteRow(c += ldc, c4l, c4h, add);
        WriteRow(c += ldc, c5l, c5h, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(float* c, Vector256<float> low, Vector256<float> high, bool add)
    {
        if (add)
        {
            low += Vector256.Load(c);
            high += Vector256.Load(c + 8);
        }
        low.Store(c);
        high.Store(c + 8);
    }
}
