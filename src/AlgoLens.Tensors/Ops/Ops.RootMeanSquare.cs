using System.Numerics.Tensors;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The root mean square over the last axis, sqrt(mean(x²) + eps): [..., d] → [..., 1]. This is
    /// the "scale" of TransformerLens's RMSNorm and LayerNormPre (of the centred input for the
    /// latter); dividing x by it (<see cref="Div"/> broadcasts the trailing 1) normalises x.
    /// </summary>
    public static Tensor RootMeanSquare(Tensor x, float eps)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Dims[^1] == 0)
        {
            throw new ArgumentException($"RootMeanSquare needs a non-empty last axis; got shape {x.ShapeString}.");
        }
        int d = x.Dims[^1];
        int rows = x.Size / d;
        var y = MemoryScope.Uninitialized(rows);
        for (int r = 0; r < rows; r++)
        {
            var src = x.Data.AsSpan(r * d, d);
            y[r] = MathF.Sqrt(TensorPrimitives.Dot(src, src) / d + eps);
        }
        int[] shape = [.. x.Dims[..^1], 1];
        return Tensor.FromOp(y, shape, "RootMeanSquare", [x], g =>
        {
            // d/dx_j sqrt(mean(x²) + eps) = x_j / (d · scale)
            var gx = x.GradBuffer();
            for (int r = 0; r < rows; r++)
            {
                float factor = g[r] / (d * y[r]);
                TensorPrimitives.MultiplyAdd(x.Data.AsSpan(r * d, d), factor, gx.AsSpan(r * d, d), gx.AsSpan(r * d, d));
            }
        });
    }
}
