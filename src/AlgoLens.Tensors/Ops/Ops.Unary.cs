using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>max(x, 0). The gradient at 0 is taken as 0, as in PyTorch.</summary>
    public static Tensor Relu(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Max(x.Data, 0f, y);
        return Tensor.FromOp(y, x.Shape, "Relu", [x], g => Elementwise.AddWherePositive(g, y, x.GradBuffer()));
    }

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Exp(x.Data, y);
        return Tensor.FromOp(y, x.Shape, "Exp", [x], g => TensorPrimitives.FusedMultiplyAdd(g, y, x.GradBuffer(), x.GradBuffer()));
    }

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Log(x.Data, y);
        return Tensor.FromOp(y, x.Shape, "Log", [x], g =>
        {
            var tmp = MemoryScope.Uninitialized(g.Length);
            TensorPrimitives.Divide(g, x.Data, tmp);
            Broadcasting.Accumulate(x.GradBuffer(), tmp);
        });
    }

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Tanh(x.Data, y);
        return Tensor.FromOp(y, x.Shape, "Tanh", [x], g =>
        {
            var gx = x.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                gx[i] += g[i] * (1f - y[i] * y[i]);
            }
        });
    }

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Multiply(x.Data, x.Data, y);
        return Tensor.FromOp(y, x.Shape, "Square", [x], g =>
        {
            var gx = x.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                gx[i] += 2f * x.Data[i] * g[i];
            }
        });
    }

    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Sqrt(x.Data, y);
        return Tensor.FromOp(y, x.Shape, "Sqrt", [x], g =>
        {
            var gx = x.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                gx[i] += 0.5f * g[i] / y[i];
            }
        });
    }

    /// <summary>Applies an activation: the identity (x itself), <see cref="Relu"/>, <see cref="Gelu"/>,
    /// <see cref="GeluNew"/> or <see cref="Silu"/>.</summary>
    public static Tensor Activation(Tensor x, FusedActivation activation) => activation switch
    {
        FusedActivation.None => x,
        FusedActivation.Relu => Relu(x),
        FusedActivation.Gelu => Gelu(x),
        FusedActivation.GeluTanh => GeluNew(x),
        FusedActivation.Silu => Silu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not an activation."),
    };
}
