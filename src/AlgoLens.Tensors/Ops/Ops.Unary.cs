using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    private const float SqrtTwoOverPi = 0.7978845608028654f;
    private const float GeluNewCubic = 0.044715f;

    /// <summary>max(x, 0). The gradient at 0 is taken as 0, as in PyTorch.</summary>
    public static Tensor Relu(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Max(x.Data, 0f, y);
        return Tensor.FromOp(y, x.Shape, "Relu", [x], g => Elementwise.AddWherePositive(g, y, x.GradBuffer()));
    }

    /// <summary>Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (PyTorch's "gelu").</summary>
    public static Tensor Gelu(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        for (int i = 0; i < y.Length; i++)
        {
            double v = x.Data[i];
            y[i] = (float)(0.5 * v * (1.0 + SpecialFunctions.Erf(v / Math.Sqrt(2.0))));
        }
        return Tensor.FromOp(y, x.Shape, "Gelu", [x], g =>
        {
            var gx = x.GradBuffer();
            double invSqrt2Pi = 1.0 / Math.Sqrt(2.0 * Math.PI);
            for (int i = 0; i < g.Length; i++)
            {
                double v = x.Data[i];
                double cdf = 0.5 * (1.0 + SpecialFunctions.Erf(v / Math.Sqrt(2.0)));
                double pdf = invSqrt2Pi * Math.Exp(-0.5 * v * v);
                gx[i] += (float)(g[i] * (cdf + v * pdf));
            }
        });
    }

    /// <summary>
    /// GELU's tanh approximation, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (the
    /// name "gelu_new" of common model libraries).
    /// </summary>
    public static Tensor GeluNew(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var inner = MemoryScope.Uninitialized(x.Size);
        var t = MemoryScope.Uninitialized(x.Size);
        for (int i = 0; i < inner.Length; i++)
        {
            float v = x.Data[i];
            inner[i] = SqrtTwoOverPi * (v + GeluNewCubic * v * v * v);
        }
        TensorPrimitives.Tanh(inner, t);
        var y = MemoryScope.Uninitialized(x.Size);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 0.5f * x.Data[i] * (1f + t[i]);
        }
        return Tensor.FromOp(y, x.Shape, "GeluNew", [x], g =>
        {
            var gx = x.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                float v = x.Data[i];
                float dInner = SqrtTwoOverPi * (1f + 3f * GeluNewCubic * v * v);
                float d = 0.5f * (1f + t[i]) + 0.5f * v * (1f - t[i] * t[i]) * dInner;
                gx[i] += g[i] * d;
            }
        });
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

    /// <summary>Applies an activation by name: relu, gelu, gelu_new, silu.</summary>
    public static Tensor Activation(Tensor x, string name) => name switch
    {
        "relu" => Relu(x),
        "gelu" => Gelu(x),
        "gelu_new" => GeluNew(x),
        "silu" => Silu(x),
        _ => throw new ArgumentException($"Unknown activation '{name}'. Use one of: relu, gelu, gelu_new, silu."),
    };
}
