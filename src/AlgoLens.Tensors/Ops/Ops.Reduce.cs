using System.Numerics.Tensors;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>Sum over one axis; the axis is kept as size 1 when <paramref name="keepDim"/>.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDim = false) => ReduceAxis(x, axis, keepDim, mean: false);

    /// <summary>Mean over one axis; the axis is kept as size 1 when <paramref name="keepDim"/>.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDim = false) => ReduceAxis(x, axis, keepDim, mean: true);

    /// <summary>Sum of all elements, as a 0-d tensor (accumulated in double).</summary>
    public static Tensor SumAll(Tensor x) => ReduceAll(x, mean: false);

    /// <summary>Mean of all elements, as a 0-d tensor (accumulated in double).</summary>
    public static Tensor MeanAll(Tensor x) => ReduceAll(x, mean: true);

    /// <summary>Index of the largest element along the last axis, for each leading index (no gradient).</summary>
    public static int[] ArgMax(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Dims[^1] == 0)
        {
            throw new ArgumentException($"ArgMax needs a non-empty last axis; got shape {x.ShapeString}.");
        }
        int n = x.Dims[^1];
        int rows = x.Size / n;
        var result = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            result[r] = TensorPrimitives.IndexOfMax(x.Data.AsSpan(r * n, n));
        }
        return result;
    }

    private static Tensor ReduceAll(Tensor x, bool mean)
    {
        ArgumentNullException.ThrowIfNull(x);
        double sum = 0;
        foreach (float v in x.Data)
        {
            sum += v;
        }
        float scale = mean ? 1f / x.Size : 1f;
        float value = (float)(mean ? sum / x.Size : sum);
        return Tensor.FromOp([value], [], mean ? "MeanAll" : "SumAll", [x], g =>
        {
            var gx = x.GradBuffer();
            TensorPrimitives.Add(gx, g[0] * scale, gx);
        });
    }

    private static Tensor ReduceAxis(Tensor x, int axis, bool keepDim, bool mean)
    {
        ArgumentNullException.ThrowIfNull(x);
        string op = mean ? "Mean" : "Sum";
        int ax = Shape.NormalizeAxis(axis, x.Rank, op);
        var dims = x.Shape;
        int outer = Shape.Product(dims, 0, ax);
        int n = dims[ax];
        int inner = Shape.Product(dims, ax + 1, dims.Length);
        var outShape = keepDim
            ? dims.Select((d, i) => i == ax ? 1 : d).ToArray()
            : dims.Where((_, i) => i != ax).ToArray();
        var y = MemoryScope.Zeroed(outer * inner);
        float scale = mean ? 1f / n : 1f;
        for (int o = 0; o < outer; o++)
        {
            var dst = y.AsSpan(o * inner, inner);
            for (int j = 0; j < n; j++)
            {
                TensorPrimitives.Add(dst, x.Data.AsSpan((o * n + j) * inner, inner), dst);
            }
            if (mean)
            {
                TensorPrimitives.Multiply(dst, scale, dst);
            }
        }
        return Tensor.FromOp(y, outShape, op, [x], g =>
        {
            var gx = x.GradBuffer();
            for (int o = 0; o < outer; o++)
            {
                var src = g.AsSpan(o * inner, inner);
                for (int j = 0; j < n; j++)
                {
                    var dst = gx.AsSpan((o * n + j) * inner, inner);
                    TensorPrimitives.MultiplyAdd(src, scale, dst, dst);
                }
            }
        });
    }
}
