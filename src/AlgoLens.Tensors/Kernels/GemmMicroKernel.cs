namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// A register-tiled micro-kernel and the blocking that feeds it. The packed driver is generic over
/// this interface so the tile sizes are JIT-time constants in the packing and macro loops.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of C per tile (scalars of A broadcast per k step).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per tile (a multiple of the vector width).</summary>
    static abstract int NR { get; }

    /// <summary>Rows of op(A) per packed block: MC·KC·4 bytes stay in the core's L2 while every B
    /// sliver of a panel streams past them.</summary>
    static abstract int MC { get; }

    /// <summary>Columns of op(B) per packed panel: KC·NC·4 bytes live in the shared L3.</summary>
    static abstract int NC { get; }

    /// <summary>
    /// c[r·ldc + j] = (add ? c[r·ldc + j] : 0) + Σ_p a[p·MR + r]·b[p·NR + j] for the full MR×NR tile,
    /// summing p = 0..kc-1 in order with fused multiply-adds from +0 before touching c.
    /// </summary>
    static abstract void Run(nint kc, float* a, float* b, float* c, nint ldc, bool add);
}
