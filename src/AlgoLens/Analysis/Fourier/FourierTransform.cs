using System.Buffers;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// Changes of basis to and from the Fourier basis of Z_p, done as float32 GEMMs with F (the
/// analysis of a checkpoint transforms [p², d_mlp] activations, which naive loops make slow).
/// </summary>
public static class FourierTransform
{
    /// <summary>
    /// Applies F (or Fᵀ when <paramref name="inverse"/>) along one axis of <paramref name="x"/>,
    /// whose length there must be p: out[..., f, ...] = Σ_x F[f, x]·in[..., x, ...].
    /// </summary>
    /// <returns>A new tensor of the same shape holding Fourier coefficients (or, inverse, values).</returns>
    public static Tensor Along(FourierBasis basis, Tensor x, int axis, bool inverse = false)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(x);
        int[] shape = x.Shape;
        if (axis < 0)
        {
            axis += shape.Length;
        }
        if (axis < 0 || axis >= shape.Length || shape[axis] != basis.P)
        {
            throw new ArgumentException($"Cannot apply the Fourier basis of Z_{basis.P} along axis {axis} of a tensor of shape {x.ShapeString}: that axis must exist and have length {basis.P}.", nameof(axis));
        }
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }
        for (int i = axis + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }
        var result = GC.AllocateUninitializedArray<float>(x.Size); // the GEMM writes every entry
        Apply(basis, x.Data, result, outer, inner, inverse);
        return new Tensor(result, shape);
    }

    /// <summary>
    /// The 2-D transform of values on the (a, b) grid: <paramref name="grid"/> is [p², n] with row
    /// a·p + b (a-major, as the modular-addition inputs) or already [p, p, n]; F is applied along
    /// a and along b. Returns [p, p, n]: out[f_a, f_b, j] = Σ_{a,b} F[f_a, a]·F[f_b, b]·in[a, b, j].
    /// </summary>
    public static Tensor Grid(FourierBasis basis, Tensor grid)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(grid);
        int p = basis.P;
        int[] shape = grid.Shape;
        int n = shape.Length switch
        {
            2 when shape[0] == p * p => shape[1],
            3 when shape[0] == p && shape[1] == p => shape[2],
            _ => throw new ArgumentException($"A 2-D Fourier transform over Z_{p} needs activations of shape [{p * p}, n] (row a·{p} + b) or [{p}, {p}, n]; got {grid.ShapeString}.", nameof(grid)),
        };
        var alongA = ArrayPool<float>.Shared.Rent(grid.Size);
        var both = GC.AllocateUninitializedArray<float>(grid.Size); // the GEMMs write every entry
        try
        {
            Apply(basis, grid.Data, alongA.AsSpan(0, grid.Size), outer: 1, inner: p * n, inverse: false); // [p(f_a), p(b), n]
            Apply(basis, alongA.AsSpan(0, grid.Size), both, outer: p, inner: n, inverse: false); // [p(f_a), p(f_b), n]
        }
        finally
        {
            ArrayPool<float>.Shared.Return(alongA);
        }
        return new Tensor(both, p, p, n);
    }

    // For each of `outer` blocks [p, inner]: out_block = F·in_block (Fᵀ·in_block when inverse).
    internal static void Apply(FourierBasis basis, ReadOnlySpan<float> input, Span<float> output, int outer, int inner, bool inverse)
    {
        int p = basis.P;
        long block = (long)p * inner;
        Gemm.MultiplyBatched(outer, transA: inverse, transB: false, m: p, n: inner, k: p,
            basis.SingleMatrix, p, 0, input, inner, block, output, inner, block, accumulate: false);
    }
}
