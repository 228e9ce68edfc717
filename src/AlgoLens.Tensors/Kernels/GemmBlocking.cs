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
    /// Depth of one K block. Targets L1: the KC·NR·4-byte B sliver (16 KiB for NR = 16, 32 KiB for
    /// NR = 32) is re-read by the micro-kernel for every A sliver of a block. On Zen 4 the 32 KiB
    /// sliver fills L1d and the rest streams from L2 without loss; KC from 128 to 512 measured the
    /// same within noise, and a deeper block means fewer passes over C. KC is shared by all kernels
    /// because it fixes the summation order: changing it changes results in the last bits.
    /// </summary>
    internal const int KC = 256;

    /// <summary>
    /// Rows of one A block for the vector kernels: 192×KC floats is 192 KiB, well inside a 512 KiB-1 MiB
    /// L2, with room for C and B.
    /// </summary>
    internal const int VectorMC = 192;

    /// <summary>
    /// Columns of one B panel: KC×4096 floats is 4 MiB and lives in L3; outputs up to 4096 columns
    /// wide fit in one panel.
    /// </summary>
    internal const int NC = 4096;

    /// <summary>
    /// At or below this many multiply-adds (m·n·k) a product with contiguous rows of op(B) skips
    /// packing and threads: its direct vector tiles run near peak from L1 (measured on Zen 4:
    /// ~95 GFLOP/s at 48³ where the packed path, paying for packing and edge tiles, reaches ~55).
    /// </summary>
    internal const long DirectWorkLimit = 128 * 1024;

    /// <summary>
    /// The same limit when op(B) is a transposed matrix: the direct path then runs scalar tiles
    /// (~11 GFLOP/s), which win only while packing costs more than the arithmetic (about 12³).
    /// </summary>
    internal const long DirectWorkLimitTransB = 2 * 1024;

    /// <summary>
    /// Below this many multiply-adds a packed product runs on the calling thread only. Waking a
    /// pool thread and moving the packed panel to its core cost tens of microseconds on a VM;
    /// measured on Zen 4 a second thread pays from about 128³ (2M multiply-adds, ~40 µs).
    /// </summary>
    internal const long ParallelWorkThreshold = 1024 * 1024;

    private static readonly GemmIsa Detected = DetectIsa();

    /// <summary>
    /// The kernel family in use: the current <see cref="ComputeContext"/>'s, when it names one (tests
    /// compare families on one machine that way), else the best this CPU accelerates.
    /// </summary>
    internal static GemmIsa Isa => ComputeContext.Current.KernelFamily ?? Detected;

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
