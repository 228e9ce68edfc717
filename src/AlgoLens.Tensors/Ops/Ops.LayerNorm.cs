using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>Rows per thread chunk of a LayerNorm (at d_model 128, 128 KB of input).</summary>
    private const int LayerNormGrain = 256;

    /// <summary>
    /// LayerNorm over the last axis: x - mean(x), divided by
    /// sqrt(mean((x - mean)²) + eps), times <paramref name="weight"/>, plus <paramref name="bias"/>.
    /// Weight and bias may be null (normalisation alone). Fused and vectorised
    /// (<see cref="LayerNormRows"/>): each row forward and backward while it is in L1, only the
    /// rows' mean and 1/σ kept for the backward; rows split over threads, the same bits for any
    /// thread count.
    /// </summary>
    public static unsafe Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
        {
            throw new ArgumentException("LayerNorm needs at least one axis.");
        }
        int d = x.Dims[^1];
        foreach (var p in new[] { weight, bias })
        {
            if (p is not null && (p.Rank != 1 || p.Dims[0] != d))
            {
                throw new ArgumentException($"LayerNorm: weight and bias must be [{d}] for input {x.ShapeString}; got {p.ShapeString}.");
            }
        }
        int rows = d == 0 ? 0 : x.Size / d;
        var mean = MemoryScope.Scratch(rows);
        var invStd = MemoryScope.Scratch(rows);
        var y = MemoryScope.Uninitialized(x.Size);
        float[] xData = x.Data;
        float[]? wData = weight?.Data, bData = bias?.Data;
        Parallelism.ForRanges(rows, LayerNormGrain, (r0, r1) =>
        {
            fixed (float* px = xData, pw = wData, pb = bData, py = y, pm = mean, ps = invStd)
            {
                LayerNormRows.Forward(px, pw, pb, py, pm, ps, d, eps, r0, r1);
            }
        });
        Tensor[] inputs = NonNull(x, weight, bias);
        return Tensor.FromOp(y, x.Shape, "LayerNorm", inputs, g => LayerNormBackward(x, weight, bias, g, mean, invStd, rows, d));
    }

    private static unsafe void LayerNormBackward(Tensor x, Tensor? weight, Tensor? bias, float[] g, float[] mean, float[] invStd, int rows, int d)
    {
        bool wantW = weight?.RequiresGrad == true, wantB = bias?.RequiresGrad == true;
        int blocks = (rows + LayerNormRows.GradientBlock - 1) / LayerNormRows.GradientBlock;
        // Per block of rows, partial sums of the weight and bias gradients, added in block order below.
        var partialW = wantW ? MemoryScope.ScratchZeroed(blocks * d) : null;
        var partialB = wantB ? MemoryScope.ScratchZeroed(blocks * d) : null;
        bool accumulate = false;
        var gx = x.RequiresGrad ? x.GradBufferToOverwrite(out accumulate) : null;
        float[] xData = x.Data;
        float[]? wData = weight?.Data;
        Parallelism.ForRanges(blocks, Math.Max(1, LayerNormGrain / LayerNormRows.GradientBlock), (b0, b1) =>
        {
            fixed (float* px = xData, pw = wData, pg = g, pm = mean, ps = invStd, pgx = gx, ppw = partialW, ppb = partialB)
            {
                for (int block = b0; block < b1; block++)
                {
                    int r0 = block * LayerNormRows.GradientBlock, r1 = Math.Min(rows, r0 + LayerNormRows.GradientBlock);
                    LayerNormRows.Backward(px, pw, pg, pm, ps, d, r0, r1, pgx, accumulate,
                        ppw == null ? null : ppw + (nint)block * d, ppb == null ? null : ppb + (nint)block * d);
                }
            }
        });
        for (int block = 0; block < blocks; block++)
        {
            if (partialW is not null)
            {
                TensorPrimitives.Add(weight!.GradBuffer(), partialW.AsSpan(block * d, d), weight.GradBuffer());
            }
            if (partialB is not null)
            {
                TensorPrimitives.Add(bias!.GradBuffer(), partialB.AsSpan(block * d, d), bias.GradBuffer());
            }
        }
    }
}
