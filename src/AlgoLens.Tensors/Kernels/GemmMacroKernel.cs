using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The macro-kernel of the packed path: one packed A block against slivers of one packed B panel,
/// for one K block, with the store-or-add of the fixed summation order and the epilogue once the
/// last K block is in. Shared by the threaded driver and the single-thread products of fused ops.
/// </summary>
internal static unsafe class GemmMacroKernel<TK>
    where TK : struct, IGemmMicroKernel
{
    /// <summary>
    /// C[0..mc, s0·NR..min(nc, s1·NR)] (C at <paramref name="c"/>, row stride <paramref name="ldc"/>)
    /// = (add ? C : 0) + packed A (mc rows, ceil(mc/MR) slivers of MR·kc) · packed B slivers
    /// [s0, s1) (each NR·kc, the panel <paramref name="nc"/> columns wide). When
    /// <paramref name="finish"/>, the epilogue runs on each tile as it is done; its indices are
    /// <paramref name="i0"/> and the panel's <paramref name="j0"/> plus the tile's offsets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* packedA, int mc, int kc, float* panel, int nc, int s0, int s1,
        float* c, nint ldc, bool add, bool finish, in GemmEpilogue epilogue, int i0, int j0)
    {
        int mr = TK.MR;
        int nr = TK.NR;
        float* edge = stackalloc float[mr * nr];
        for (int s = s0; s < s1; s++)
        {
            int j = s * nr;
            int cols = Math.Min(nr, nc - j);
            float* bSliver = panel + (nint)s * nr * kc;
            float* cColumn = c + j;
            // The B sliver stays in L1 while the A slivers of the block stream from L2.
            for (int i = 0; i < mc; i += mr)
            {
                int rows = Math.Min(mr, mc - i);
                float* aSliver = packedA + (nint)i * kc;
                float* cTile = cColumn + i * ldc;
                if (rows == mr && cols == nr)
                {
                    TK.Run(kc, aSliver, bSliver, cTile, ldc, add);
                }
                else
                {
                    TK.Run(kc, aSliver, bSliver, edge, nr, false);
                    MergeEdge(edge, nr, cTile, ldc, rows, cols, add);
                }
                if (finish)
                {
                    // The tile's sums are complete and it is still in L1.
                    epilogue.Apply(cTile, ldc, i0 + i, rows, j0 + j, cols);
                }
            }
        }
    }

    /// <summary>Writes the valid part of an edge tile with the same store-or-add as the kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeEdge(float* tile, int nr, float* c, nint ldc, int rows, int cols, bool add)
    {
        for (int r = 0; r < rows; r++, tile += nr, c += ldc)
        {
            for (int j = 0; j < cols; j++)
            {
                c[j] = add ? c[j] + tile[j] : tile[j];
            }
        }
    }
}
