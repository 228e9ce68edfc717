using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// 4×8 Vector128 micro-kernel for CPUs without AVX2 (e.g. Arm64 NEON): 8 accumulators fit the 16
/// registers of SSE as well as NEON's 32. Vector128.FusedMultiplyAdd is fused on every platform
/// (in software where the hardware lacks it), so results match the wider kernels bit for bit.
/// </summary>
internal readonly unsafe struct GemmKernelPortable : IGemmMicroKernel
{
    public static int MR => 4;
    public static int NR => 8;

    /// <summary>A block of 128×KC floats is 128 KiB: well inside a 256 KiB+ L2, with room for C and B.</summary>
    public static int MC => 128;

    /// <inheritdoc cref="Gemm.NC"/>
    public static int NC => Gemm.NC;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        Vector128<float> c0l = default, c0h = default, c1l = default, c1h = default;
        Vector128<float> c2l = default, c2h = default, c3l = default, c3h = default;
        for (nint p = 0; p < kc; p++)
        {
            Vector128<float> bl = Vector128.Load(b);
            Vector128<float> bh = Vector128.Load(b + 4);
            Vector128<float> av = Vector128.Create(a[0]);
            c0l = Vector128.FusedMultiplyAdd(av, bl, c0l);
            c0h = Vector128.FusedMultiplyAdd(av, bh, c0h);
            av = Vector128.Create(a[1]);
            c1l = Vector128.FusedMultiplyAdd(av, bl, c1l);
            c1h = Vector128.FusedMultiplyAdd(av, bh, c1h);
            av = Vector128.Create(a[2]);
            c2l = Vector128.FusedMultiplyAdd(av, bl, c2l);
            c2h = Vector128.FusedMultiplyAdd(av, bh, c2h);
            av = Vector128.Create(a[3]);
            c3l = Vector128.FusedMultiplyAdd(av, bl, c3l);
            c3h = Vector128.FusedMultiplyAdd(av, bh, c3h);
            a += 4;
            b += 8;
        }
        WriteRow(c, c0l, c0h, add);
        WriteRow(c += ldc, c1l, c1h, add);
        WriteRow(c += ldc, c2l, c2h, add);
        WriteRow(c += ldc, c3l, c3h, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(float* c, Vector128<float> low, Vector128<float> high, bool add)
    {
        if (add)
        {
            low += Vector128.Load(c);
            high += Vector128.Load(c + 4);
        }
        low.Store(c);
        high.Store(c + 4);
    }
}
