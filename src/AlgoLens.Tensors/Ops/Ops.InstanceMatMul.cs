using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Each instance's own matrix product, instances in the middle axis: for x [batch, instances, k]
    /// and w [instances, k, n] (or [instances, n, k] with <paramref name="transposeW"/>),
    /// <c>output[b, i, :] = x[b, i, :]·op(w[i])</c>, [batch, instances, n]. It is
    /// <c>Permute(MatMul(Permute(x, 1, 0, 2), w, transposeB: transposeW), 1, 0, 2)</c> with no
    /// permuted copies, forward or backward: each instance's product reads and writes its rows
    /// in place through leading dimensions (the models of superposition, whose instances train
    /// side by side).
    /// </summary>
    /// <remarks>Each instance's output and gradients get the bits of the permuted composition's
    /// products (the same GEMM on the same operands).</remarks>
    /// <param name="x">[batch, instances, k].</param>
    /// <param name="w">[instances, k, n], or [instances, n, k] when <paramref name="transposeW"/>.</param>
    /// <param name="transposeW">Multiply by each w[i]ᵀ.</param>
    /// <returns>[batch, instances, n].</returns>
    public static Tensor InstanceMatMul(Tensor x, Tensor w, bool transposeW = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        if (x.Rank != 3 || w.Rank != 3 || w.Dims[0] != x.Dims[1] || (transposeW ? w.Dims[2] : w.Dims[1]) != x.Dims[2])
        {
            throw new ArgumentException($"InstanceMatMul: x {x.ShapeString} and w {w.ShapeString}{(transposeW ? " (transposed)" : "")} do not fit; need x [batch, instances, k] and w [instances, k, n] ([instances, n, k] transposed).");
        }
        int batch = x.Dims[0], instances = x.Dims[1], k = x.Dims[2];
        int n = transposeW ? w.Dims[1] : w.Dims[2], ldw = w.Dims[2];
        long strideW = (long)w.Dims[1] * w.Dims[2];
        int ldx = instances * k, ldy = instances * n;
        var y = MemoryScope.Uninitialized(batch * instances * n);
        // Instance i's rows: x at i·k with stride instances·k, y at i·n with stride instances·n.
        Gemm.MultiplyBatched(instances, false, transposeW, batch, n, k, x.Data, ldx, k, w.Data, ldw, strideW, y, ldy, n, accumulate: false);
        return Tensor.FromOp(y, [batch, instances, n], "InstanceMatMul", [x, w], g =>
        {
            if (x.RequiresGrad)
            {
                // dx_i = g_i·op(w_i)ᵀ.
                Gemm.MultiplyBatched(instances, false, !transposeW, batch, k, n, g, ldy, n, w.Data, ldw, strideW, x.GradBuffer(), ldx, k, accumulate: true);
            }
            if (w.RequiresGrad)
            {
                var gw = w.GradBuffer();
                if (transposeW)
                {
                    // w_i is [n, k]: dw_i = g_iᵀ·x_i.
                    Gemm.MultiplyBatched(instances, true, false, n, k, batch, g, ldy, n, x.Data, ldx, k, gw, ldw, strideW, accumulate: true);
                }
                else
                {
                    // w_i is [k, n]: dw_i = x_iᵀ·g_i.
                    Gemm.MultiplyBatched(instances, true, false, k, n, batch, x.Data, ldx, k, g, ldy, n, gw, ldw, strideW, accumulate: true);
                }
            }
        });
    }
}
