namespace AlgoLens.Tensors;

/// <summary>Helpers for tensor shapes (row-major, contiguous).</summary>
public static class Shape
{
    /// <summary>Number of elements of a shape; throws on negative dimensions or overflow.</summary>
    public static int Size(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
            }
            size *= d;
            if (size > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(shape)} has more elements than an array can hold.");
            }
        }
        return (int)size;
    }

    /// <summary>Formats a shape as <c>[2, 3, 4]</c>, the form every error message uses.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /// <summary>Resolves a possibly negative axis (-1 = last) against a rank, with a clear error.</summary>
    public static int NormalizeAxis(int axis, int rank, string op)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentException($"{op}: axis {axis} is out of range for a tensor of rank {rank} (valid: {-rank}..{rank - 1}).");
        }
        return a;
    }

    /// <summary>Product of the dimensions in [start, end).</summary>
    public static int Product(ReadOnlySpan<int> shape, int start, int end)
    {
        int p = 1;
        for (int i = start; i < end; i++)
        {
            p *= shape[i];
        }
        return p;
    }

    /// <summary>True when both shapes have the same rank and dimensions.</summary>
    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
