using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>Below this many elements an activation runs on the calling thread (a fork costs more).</summary>
    private const int ActivationGrain = 1 << 15;

    /// <summary>
    /// A smooth activation (GELU, its tanh form, SiLU) as its own op: the same lane code as the GEMM
    /// epilogue that fuses it into a product (<see cref="FusedActivations.Smooth"/>), so both give the
    /// same bits. When a backward will run the slope is written beside the value, and the backward
    /// is one multiply per element.
    /// </summary>
    private static unsafe Tensor SmoothActivation(Tensor x, FusedActivation activation, string name)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        var slope = Tensor.WillRecord([x]) ? MemoryScope.Uninitialized(x.Size) : null;
        var source = x.Data;
        Parallelism.ForRanges(x.Size, ActivationGrain, (start, end) =>
        {
            fixed (float* px = source)
            fixed (float* py = y)
            fixed (float* pSlope = slope)
            {
                FusedActivations.Smooth(activation, px + start, py + start, pSlope == null ? null : pSlope + start, end - start);
            }
        });
        return Tensor.FromOp(y, x.Shape, name, [x], g =>
        {
            var gx = x.GradBufferToOverwrite(out bool accumulate);
            Parallelism.ForRanges(g.Length, ActivationGrain, (start, end) =>
                GeluKernels.BackwardFromDerivative(slope.AsSpan(start, end - start), g.AsSpan(start, end - start), gx.AsSpan(start, end - start), accumulate));
        });
    }
}
