using System.Numerics.Tensors;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// LayerNorm over the last axis: x - mean(x), divided by
    /// sqrt(mean((x - mean)²) + eps), times <paramref name="weight"/>, plus <paramref name="bias"/>.
    /// Weight and bias may be null (normalisation alone). Fused: one pass forward, the
    /// analytic gradient backward.
    /// </summary>
    public static Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps)
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
        var normalized = MemoryScope.Uninitialized(x.Size);
        var invScale = MemoryScope.Uninitialized(rows);
        var y = MemoryScope.Uninitialized(x.Size);
        for (int r = 0; r < rows; r++)
        {
            var src = x.Data.AsSpan(r * d, d);
            var xhat = normalized.AsSpan(r * d, d);
            float mean = TensorPrimitives.Sum(src) / d;
            TensorPrimitives.Subtract(src, mean, xhat);
            float variance = TensorPrimitives.Dot(xhat, xhat) / d;
            invScale[r] = 1f / MathF.Sqrt(variance + eps);
            TensorPrimitives.Multiply(xhat, invScale[r], xhat);
            var dst = y.AsSpan(r * d, d);
            if (weight is not null)
            {
                TensorPrimitives.Multiply(xhat, weight.Data, dst);
            }
            else
            {
                xhat.CopyTo(dst);
            }
            if (bias is not null)
            {
                TensorPrimitives.Add(dst, bias.Data, dst);
            }
        }
        Tensor[] inputs = [x, .. new[] { weight, bias }.OfType<Tensor>()];
        return Tensor.FromOp(y, x.Shape, "LayerNorm", inputs, g =>
        {
            var dxhat = MemoryScope.Uninitialized(d);
            for (int r = 0; r < rows; r++)
            {
                var gr = g.AsSpan(r * d, d);
                var xhat = normalized.AsSpan(r * d, d);
                if (weight?.RequiresGrad == true)
                {
                    TensorPrimitives.FusedMultiplyAdd(gr, xhat, weight.GradBuffer(), weight.GradBuffer());
                }
                if (bias?.RequiresGrad == true)
                {
                    Broadcasting.Accumulate(bias.GradBuffer(), gr);
                }
                if (!x.RequiresGrad)
                {
                    continue;
                }
                if (weight is not null)
                {
                    TensorPrimitives.Multiply(gr, weight.Data, dxhat);
                }
                else
                {
                    gr.CopyTo(dxhat);
                }
                // dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / scale
                float meanD = TensorPrimitives.Sum(dxhat) / d;
                float meanDX = TensorPrimitives.Dot(dxhat, xhat) / d;
                var gx = x.GradBuffer().AsSpan(r * d, d);
                for (int j = 0; j < d; j++)
                {
                    gx[j] += (dxhat[j] - meanD - xhat[j] * meanDX) * invScale[r];
                }
            }
        });
    }
}
