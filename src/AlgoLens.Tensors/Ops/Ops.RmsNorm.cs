using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>Rows per thread chunk of an RMSNorm (at d_model 128, 128 KB of input).</summary>
    private const int RmsNormGrain = 256;

    /// <summary>
    /// RMSNorm over the last axis (TransformerLens's RMSNorm): x / sqrt(mean(x²) + eps), times
    /// <paramref name="weight"/> [d], which may be null (RMSNormPre). The output has the same bits as
    /// <c>Mul(Div(x, RootMeanSquare(x, eps)), weight)</c>. Fused and vectorised
    /// (<see cref="RmsNormRows"/>): each row forward and backward while it is in L1, only the rows'
    /// scale kept for the backward; rows split over threads, the same bits for any thread count.
    /// </summary>
    public static unsafe Tensor RmsNorm(Tensor x, Tensor? weight, float eps)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
        {
            throw new ArgumentException("RmsNorm needs at least one axis.");
        }
        int d = x.Dims[^1];
        if (weight is not null && (weight.Rank != 1 || weight.Dims[0] != d))
        {
            throw new ArgumentException($"RmsNorm: the weight must be [{d}] for input {x.ShapeString}; got {weight.ShapeString}.");
        }
        int rows = d == 0 ? 0 : x.Size / d;
        var scale = MemoryScope.Uninitialized(rows);
        var y = MemoryScope.Uninitialized(x.Size);
        float[] xData = x.Data;
        float[]? wData = weight?.Data;
        Parallelism.ForRanges(rows, RmsNormGrain, (r0, r1) =>
        {
            fixed (float* px = xData, pw = wData, py = y, ps = scale)
            {
                RmsNormRows.Forward(px, pw, py, ps, d, eps, r0, r1);
            }
        });
        Tensor[] inputs = weight is null ? [x] : [x, weight];
        return Tensor.FromOp(y, x.Shape, "RmsNorm", inputs, g => RmsNormBackward(x, weight, g, scale, rows, d));
    }

    private static unsafe void RmsNormBackward(Tensor x, Tensor? weight, float[] g, float[] scale, int rows, int d)
    {
        bool wantW = weight?.RequiresGrad == true;
        int blocks = (rows + RmsNormRows.GradientBlock - 1) / RmsNormRows.GradientBlock;
        // Per block of rows, partial sums of the weight gradient, added in block order below.
        var partialW = wantW ? MemoryScope.Zeroed(blocks * d) : null;
        bool accumulate = false;
        var gx = x.RequiresGrad ? x.GradBufferToOverwrite(out accumulate) : null;
        float[] xData = x.Data;
        float[]? wData = weight?.Data;
        Parallelism.ForRanges(blocks, Math.Max(1, RmsNormGrain / RmsNormRows.GradientBlock), (b0, b1) =>
        {
            fixed (float* px = xData, pw = wData, pg = g, ps = scale, pgx = gx, ppw = partialW)
            {
                for (int block = b0; block < b1; block++)
                {
                    int r0 = block * RmsNormRows.GradientBlock, r1 = Math.Min(rows, r0 + RmsNormRows.GradientBlock);
                    RmsNormRows.Backward(px, pw, pg, ps, d, r0, r1, pgx, accumulate, ppw == null ? null : ppw + (nint)block * d);
                }
            }
        });
        if (partialW is not null)
        {
            var gw = weight!.GradBuffer();
            for (int block = 0; block < blocks; block++)
            {
                TensorPrimitives.Add(gw, partialW.AsSpan(block * d, d), gw);
            }
        }
    }
}
