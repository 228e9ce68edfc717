using System.Numerics.Tensors;

namespace AlgoLens.Tensors;

/// <summary>
/// Differentiable tensor operations. Each op computes its forward result and, when a graph is
/// being recorded, a backward function beside it that adds its inputs' gradient contributions.
/// </summary>
public static partial class Ops
{
    /// <summary>a + b with broadcasting (a bias add is b of shape [d] on a of shape [..., d]).</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Broadcasting.ResultShape("Add", a.Dims, b.Dims);
        var result = MemoryScope.Uninitialized(Shape.Size(shape));
        if (Shape.Equal(a.Dims, b.Dims))
        {
            TensorPrimitives.Add(a.Data, b.Data, result);
        }
        else if (Shape.Equal(a.Dims, shape) && Broadcasting.IsSuffix(shape, b.Dims))
        {
            AddRepeated(a.Data, b.Data, result);
        }
        else if (Shape.Equal(b.Dims, shape) && Broadcasting.IsSuffix(shape, a.Dims))
        {
            AddRepeated(b.Data, a.Data, result);
        }
        else
        {
            TensorPrimitives.Add(Broadcasting.Expand(a, shape), Broadcasting.Expand(b, shape), result);
        }
        return Tensor.FromOp(result, shape, "Add", [a, b], g =>
        {
            Broadcasting.AccumulateReduced(g, shape, a);
            Broadcasting.AccumulateReduced(g, shape, b);
        });
    }

    /// <summary>a - b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Broadcasting.ResultShape("Sub", a.Dims, b.Dims);
        var result = MemoryScope.Uninitialized(Shape.Size(shape));
        TensorPrimitives.Subtract(Broadcasting.Expand(a, shape), Broadcasting.Expand(b, shape), result);
        return Tensor.FromOp(result, shape, "Sub", [a, b], g =>
        {
            Broadcasting.AccumulateReduced(g, shape, a);
            Broadcasting.AccumulateReduced(g, shape, b, sign: -1f);
        });
    }

    /// <summary>Elementwise a * b with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Broadcasting.ResultShape("Mul", a.Dims, b.Dims);
        var ea = Broadcasting.Expand(a, shape);
        var eb = Broadcasting.Expand(b, shape);
        var result = MemoryScope.Uninitialized(ea.Length);
        TensorPrimitives.Multiply(ea, eb, result);
        return Tensor.FromOp(result, shape, "Mul", [a, b], g =>
        {
            var tmp = MemoryScope.Uninitialized(g.Length);
            if (a.RequiresGrad)
            {
                TensorPrimitives.Multiply(g, eb, tmp);
                Broadcasting.AccumulateReduced(tmp, shape, a);
            }
            if (b.RequiresGrad)
            {
                TensorPrimitives.Multiply(g, ea, tmp);
                Broadcasting.AccumulateReduced(tmp, shape, b);
            }
        });
    }

    /// <summary>Elementwise a / b with broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Broadcasting.ResultShape("Div", a.Dims, b.Dims);
        var ea = Broadcasting.Expand(a, shape);
        var eb = Broadcasting.Expand(b, shape);
        var result = MemoryScope.Uninitialized(ea.Length);
        TensorPrimitives.Divide(ea, eb, result);
        return Tensor.FromOp(result, shape, "Div", [a, b], g =>
        {
            var tmp = MemoryScope.Uninitialized(g.Length);
            if (a.RequiresGrad)
            {
                TensorPrimitives.Divide(g, eb, tmp);
                Broadcasting.AccumulateReduced(tmp, shape, a);
            }
            if (b.RequiresGrad)
            {
                // d(a/b)/db = -a/b^2 = -result/b
                TensorPrimitives.Multiply(g, result, tmp);
                TensorPrimitives.Divide(tmp, eb, tmp);
                Broadcasting.AccumulateReduced(tmp, shape, b, sign: -1f);
            }
        });
    }

    /// <summary>x * factor.</summary>
    public static Tensor Scale(Tensor x, float factor)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Multiply(x.Data, factor, result);
        var shape = x.Shape;
        return Tensor.FromOp(result, shape, "Scale", [x], g =>
            TensorPrimitives.MultiplyAdd(g, factor, x.GradBuffer(), x.GradBuffer()));
    }

    /// <summary>x + value.</summary>
    public static Tensor AddScalar(Tensor x, float value)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = MemoryScope.Uninitialized(x.Size);
        TensorPrimitives.Add(x.Data, value, result);
        return Tensor.FromOp(result, x.Shape, "AddScalar", [x], g => Broadcasting.Accumulate(x.GradBuffer(), g));
    }

    /// <summary>-x.</summary>
    public static Tensor Neg(Tensor x) => Scale(x, -1f);

    private static void AddRepeated(float[] full, float[] block, float[] result)
    {
        int n = block.Length;
        if (n == 0)
        {
            return;
        }
        for (int start = 0; start < full.Length; start += n)
        {
            TensorPrimitives.Add(full.AsSpan(start, n), block, result.AsSpan(start, n));
        }
    }
}
