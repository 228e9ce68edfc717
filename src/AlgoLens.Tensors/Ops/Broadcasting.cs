namespace AlgoLens.Tensors;

/// <summary>
/// NumPy-style broadcasting: shapes are aligned from the right and each pair of dimensions must be
/// equal or one of them 1. The output shape takes the larger of each pair.
/// </summary>
internal static class Broadcasting
{
    /// <summary>The broadcast shape of two operands, or an error naming both shapes.</summary>
    public static int[] ResultShape(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException(
                    $"{op}: shapes {Shape.Format(a)} and {Shape.Format(b)} cannot be broadcast together (axis {i}: {da} vs {db}; each pair of dimensions, aligned from the right, must be equal or 1).");
            }
            result[i] = Math.Max(da, db);
        }
        return result;
    }

    /// <summary>
    /// True when <paramref name="inner"/>, after dropping leading 1s, is a trailing block of
    /// <paramref name="outer"/> (the bias-add case): the operand repeats every inner.Size elements.
    /// </summary>
    public static bool IsSuffix(ReadOnlySpan<int> outer, ReadOnlySpan<int> inner)
    {
        int start = 0;
        while (start < inner.Length && inner[start] == 1)
        {
            start++;
        }
        var trimmed = inner[start..];
        if (trimmed.Length > outer.Length)
        {
            return false;
        }
        return outer[(outer.Length - trimmed.Length)..].SequenceEqual(trimmed);
    }

    /// <summary>For each element of <paramref name="outShape"/>, the flat offset of the element of <paramref name="inShape"/> it reads.</summary>
    public static int[] Offsets(ReadOnlySpan<int> outShape, ReadOnlySpan<int> inShape)
    {
        int rank = outShape.Length;
        var strides = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int j = i - (rank - inShape.Length);
            int d = j >= 0 ? inShape[j] : 1;
            strides[i] = d == 1 ? 0 : s;
            s *= d;
        }
        int size = Shape.Size(outShape);
        var offsets = MemoryScope.Ints(size);
        var index = new int[rank];
        int offset = 0;
        for (int flat = 0; flat < size; flat++)
        {
            offsets[flat] = offset;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                offset += strides[axis];
                if (index[axis] < outShape[axis])
                {
                    break;
                }
                offset -= strides[axis] * index[axis];
                index[axis] = 0;
            }
        }
        return offsets;
    }

    /// <summary>Materialises <paramref name="t"/> broadcast to <paramref name="outShape"/>.</summary>
    public static float[] Expand(Tensor t, int[] outShape)
    {
        if (Shape.Equal(t.Dims, outShape))
        {
            return t.Data;
        }
        int size = Shape.Size(outShape);
        var result = MemoryScope.Uninitialized(size);
        if (IsSuffix(outShape, t.Dims))
        {
            int block = t.Size;
            for (int start = 0; start < size; start += block)
            {
                t.Data.AsSpan().CopyTo(result.AsSpan(start, block));
            }
            return result;
        }
        var offsets = Offsets(outShape, t.Dims);
        for (int i = 0; i < size; i++)
        {
            result[i] = t.Data[offsets[i]];
        }
        return result;
    }

    /// <summary>
    /// Adds a gradient of the broadcast shape into <paramref name="target"/>'s gradient, summing
    /// over the broadcast axes (in a fixed order, so the result is deterministic).
    /// </summary>
    public static void AccumulateReduced(ReadOnlySpan<float> grad, int[] outShape, Tensor target, float sign = 1f)
    {
        if (!target.RequiresGrad)
        {
            return;
        }
        var buffer = target.GradBuffer();
        if (Shape.Equal(target.Dims, outShape) || (target.Size == grad.Length && IsSuffix(outShape, target.Dims)))
        {
            Accumulate(buffer, grad, sign);
            return;
        }
        if (IsSuffix(outShape, target.Dims))
        {
            int block = target.Size;
            for (int start = 0; start < grad.Length; start += block)
            {
                Accumulate(buffer, grad.Slice(start, block), sign);
            }
            return;
        }
        var offsets = Offsets(outShape, target.Dims);
        for (int i = 0; i < grad.Length; i++)
        {
            buffer[offsets[i]] += sign * grad[i];
        }
    }

    /// <summary>buffer += sign * grad.</summary>
    public static void Accumulate(Span<float> buffer, ReadOnlySpan<float> grad, float sign = 1f)
    {
        if (sign == 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(buffer, grad, buffer);
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(grad, sign, buffer, buffer);
        }
    }
}
