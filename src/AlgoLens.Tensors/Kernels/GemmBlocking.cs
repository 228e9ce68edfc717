using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AlgoLens.Tensors.Kernels;

/// <summary>Which micro-kernel family the packed path runs.</summary>
internal enum GemmIsa
{
    /// <summary>Vector128 with fused multiply-add (or scalar where even that is missing).</summary>
    Portable,

    /// <summary>Vector256 with FMA3 (16 ymm registers).</summary>
    Avx2,

    /// <summary>Vector512 with AVX-512F (32 zmm registers).</summary>
    Avx512,
}

public static partial class Gemm
{
    /// <summary>
    /// Depth of one K block. KC·NR·4 bytes of packed B sliver (16 KiB for NR = 16, 32 KiB for
    /// NR = 32) is what the micro-kernel re-reads from L1 for every A sliver. KC is shared by all
    /// kernels because it fixes the summation order: changing it changes results in the last bits.
    /// </summary>
    internal static readonly int KC = int.Parse(Environment.GetEnvironmentVariable("GEMM_KC") ?? "256", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>At or below this many multiply-adds (m·n·k) products skip packing and threads.</summary>
    internal const long DirectWorkLimit = 32 * 1024;

    /// <summary>Below this many multiply-adds a packed product runs on the calling thread only:
    /// a parallel loop costs a few microseconds, about what 256k multiply-adds take on one core.</summary>
    internal const long ParallelWorkThreshold = 256 * 1024;

    /// <summary>The kernel family in use; tests set it to compare families on one machine.</summary>
    internal static GemmIsa Isa { get; set; } = DetectIsa();

    /// <summary>The best family this CPU and runtime accelerate.</summary>
    internal static GemmIsa DetectIsa()
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            return GemmIsa.Avx512;
        }
        if (Avx2.IsSupported && Fma.IsSupported)
        {
            return GemmIsa.Avx2;
        }
        return GemmIsa.Portable;
    }

    /// <summary>Whether this machine can run <paramref name="isa"/>.</summary>
    internal static bool IsSupported(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => Avx512F.IsSupported,
        GemmIsa.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };
}
