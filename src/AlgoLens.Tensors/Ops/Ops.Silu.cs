namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// SiLU (swish), x·σ(x) with σ the logistic sigmoid (PyTorch's <c>silu</c>, TransformerLens's
    /// "silu"). σ is computed in a form that cannot overflow for large |x|.
    /// </summary>
    public static Tensor Silu(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var sigmoid = MemoryScope.Uninitialized(x.Size);
        var y = MemoryScope.Uninitialized(x.Size);
        for (int i = 0; i < y.Length; i++)
        {
            float v = x.Data[i];
            // exp of a non-positive number only: 1/(1+e^-v) for v >= 0, e^v/(1+e^v) below.
            float e = MathF.Exp(-MathF.Abs(v));
            sigmoid[i] = v >= 0 ? 1f / (1f + e) : e / (1f + e);
            y[i] = v * sigmoid[i];
        }
        return Tensor.FromOp(y, x.Shape, "Silu", [x], g =>
        {
            // d/dx x·σ(x) = σ(x)·(1 + x·(1 - σ(x)))
            var gx = x.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                float s = sigmoid[i];
                gx[i] += g[i] * s * (1f + x.Data[i] * (1f - s));
            }
        });
    }
}
