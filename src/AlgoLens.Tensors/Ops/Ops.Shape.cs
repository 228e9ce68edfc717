namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The same elements under a new shape. One dimension may be -1 (inferred). The result shares
    /// the input's data array; its gradient flows back unchanged.
    /// </summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var resolved = (int[])shape.Clone();
        int inferred = Array.IndexOf(resolved, -1);
        if (inferred >= 0)
        {
            if (Array.LastIndexOf(resolved, -1) != inferred)
            {
                throw new ArgumentException($"Reshape: at most one dimension may be -1; got {Shape.Format(shape)}.");
            }
            resolved[inferred] = 1;
            int known = Shape.Size(resolved);
            if (known == 0 || x.Size % known != 0)
            {
                throw new ArgumentException($"Reshape: cannot reshape {x.ShapeString} ({x.Size} elements) to {Shape.Format(shape)}.");
            }
            resolved[inferred] = x.Size / known;
        }
        if (Shape.Size(resolved) != x.Size)
        {
            throw new ArgumentException($"Reshape: cannot reshape {x.ShapeString} ({x.Size} elements) to {Shape.Format(shape)} ({Shape.Size(resolved)} elements).");
        }
        return Tensor.FromOp(x.Data, resolved, "Reshape", [x], g => Broadcasting.Accumulate(x.GradBuffer(), g));
    }

    /// <summary>Reorders axes: output axis i is input axis <paramref name="axes"/>[i].</summary>
    public static Tensor Permute(Tensor x, params int[] axes)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length != x.Rank)
        {
            throw new ArgumentException($"Permute: {axes.Length} axes given for a tensor of shape {x.ShapeString}.");
        }
        var normalized = new int[axes.Length];
        var inDims = x.Shape;
        var outShape = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            normalized[i] = Shape.NormalizeAxis(axes[i], x.Rank, "Permute");
            if (Array.IndexOf(normalized, normalized[i], 0, i) >= 0)
            {
                throw new ArgumentException($"Permute: axes {Shape.Format(axes)} repeat an axis.");
            }
            outShape[i] = inDims[normalized[i]];
        }
        var y = MemoryScope.Uninitialized(x.Size);
        PermuteCopy(x.Data, inDims, normalized, y);
        var inverse = new int[normalized.Length];
        for (int i = 0; i < normalized.Length; i++)
        {
            inverse[normalized[i]] = i;
        }
        return Tensor.FromOp(y, outShape, "Permute", [x], g =>
        {
            var back = MemoryScope.Uninitialized(g.Length);
            PermuteCopy(g, outShape, inverse, back);
            Broadcasting.Accumulate(x.GradBuffer(), back);
        });
    }

    /// <summary>Swaps two axes.</summary>
    public static Tensor Transpose(Tensor x, int axis0 = -2, int axis1 = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a0 = Shape.NormalizeAxis(axis0, x.Rank, "Transpose");
        int a1 = Shape.NormalizeAxis(axis1, x.Rank, "Transpose");
        var axes = Enumerable.Range(0, x.Rank).ToArray();
        (axes[a0], axes[a1]) = (axes[a1], axes[a0]);
        return Permute(x, axes);
    }

    // dst (shape = src shape permuted by axes) in row-major order; the innermost output axis walks
    // the source with a fixed stride, the rest advance like an odometer.
    private static void PermuteCopy(float[] src, int[] srcDims, int[] axes, float[] dst)
    {
        int rank = srcDims.Length;
        if (dst.Length == 0)
        {
            return;
        }
        if (rank == 0)
        {
            dst[0] = src[0];
            return;
        }
        Span<int> srcStrides = stackalloc int[rank];
        Span<int> outDims = stackalloc int[rank];
        Span<int> stride = stackalloc int[rank];
        for (int axis = rank - 1, s = 1; axis >= 0; axis--)
        {
            srcStrides[axis] = s;
            s *= srcDims[axis];
        }
        for (int axis = 0; axis < rank; axis++)
        {
            outDims[axis] = srcDims[axes[axis]];
            stride[axis] = srcStrides[axes[axis]];
        }
        int innerLen = outDims[rank - 1];
        int innerStride = stride[rank - 1];
        Span<int> index = stackalloc int[rank];
        int srcOffset = 0;
        for (int start = 0; start < dst.Length; start += innerLen)
        {
            for (int j = 0, s = srcOffset; j < innerLen; j++, s += innerStride)
            {
                dst[start + j] = src[s];
            }
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                index[axis]++;
                srcOffset += stride[axis];
                if (index[axis] < outDims[axis])
                {
                    break;
                }
                srcOffset -= stride[axis] * index[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>Elements [start, start+length) along <paramref name="axis"/>.</summary>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = Shape.NormalizeAxis(axis, x.Rank, "Slice");
        var dims = x.Shape;
        if (start < 0 || length < 0 || start + length > dims[ax])
        {
            throw new ArgumentException($"Slice: [{start}, {start + length}) is out of range for axis {ax} of shape {x.ShapeString}.");
        }
        var indices = MemoryScope.Ints(length);
        for (int i = 0; i < length; i++)
        {
            indices[i] = start + i;
        }
        return IndexSelectCore(x, ax, indices, "Slice");
    }

    /// <summary>Picks entries <paramref name="indices"/> along <paramref name="axis"/> (repeats allowed; backward scatter-adds).</summary>
    public static Tensor IndexSelect(Tensor x, int axis, params ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = Shape.NormalizeAxis(axis, x.Rank, "IndexSelect");
        int n = x.Dims[ax];
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)n)
            {
                throw new ArgumentException($"IndexSelect: index {i} is out of range for axis {ax} of shape {x.ShapeString}.");
            }
        }
        return IndexSelectCore(x, ax, MemoryScope.CopyOfInts(indices), "IndexSelect");
    }

    private static Tensor IndexSelectCore(Tensor x, int ax, int[] indices, string op)
    {
        var dims = x.Shape;
        int outer = Shape.Product(dims, 0, ax);
        int n = dims[ax];
        int inner = Shape.Product(dims, ax + 1, dims.Length);
        var outShape = (int[])dims.Clone();
        outShape[ax] = indices.Length;
        var y = MemoryScope.Uninitialized(outer * indices.Length * inner);
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < indices.Length; j++)
            {
                x.Data.AsSpan((o * n + indices[j]) * inner, inner).CopyTo(y.AsSpan((o * indices.Length + j) * inner, inner));
            }
        }
        return Tensor.FromOp(y, outShape, op, [x], g =>
        {
            var gx = x.GradBuffer();
            for (int o = 0; o < outer; o++)
            {
                for (int j = 0; j < indices.Length; j++)
                {
                    var dst = gx.AsSpan((o * n + indices[j]) * inner, inner);
                    Broadcasting.Accumulate(dst, g.AsSpan((o * indices.Length + j) * inner, inner));
                }
            }
        });
    }

    /// <summary>Joins tensors along an axis; all other dimensions must match.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.");
        }
        var first = tensors[0];
        int ax = Shape.NormalizeAxis(axis, first.Rank, "Concat");
        foreach (var t in tensors)
        {
            bool compatible = t.Rank == first.Rank && Enumerable.Range(0, t.Rank).All(i => i == ax || t.Dims[i] == first.Dims[i]);
            if (!compatible)
            {
                throw new ArgumentException(
                    $"Concat along axis {ax}: shapes {string.Join(", ", tensors.Select(s => s.ShapeString))} differ outside that axis.");
            }
        }
        var dims = first.Shape;
        int outer = Shape.Product(dims, 0, ax);
        int inner = Shape.Product(dims, ax + 1, dims.Length);
        int total = tensors.Sum(t => t.Dims[ax]);
        var outShape = (int[])dims.Clone();
        outShape[ax] = total;
        var y = MemoryScope.Uninitialized(outer * total * inner);
        var inputs = tensors.ToArray();
        int offset = 0;
        foreach (var t in inputs)
        {
            int block = t.Dims[ax] * inner;
            for (int o = 0; o < outer; o++)
            {
                t.Data.AsSpan(o * block, block).CopyTo(y.AsSpan(o * total * inner + offset, block));
            }
            offset += block;
        }
        return Tensor.FromOp(y, outShape, "Concat", inputs, g =>
        {
            int off = 0;
            foreach (var t in inputs)
            {
                int block = t.Dims[ax] * inner;
                if (t.RequiresGrad)
                {
                    var gt = t.GradBuffer();
                    for (int o = 0; o < outer; o++)
                    {
                        Broadcasting.Accumulate(gt.AsSpan(o * block, block), g.AsSpan(o * total * inner + off, block));
                    }
                }
                off += block;
            }
        });
    }

    /// <summary>
    /// Row gather: output[..., :] = weight[indices[...], :], shape indexShape + [d]. The backward
    /// scatter-adds into the rows that were read (in index order, so it is deterministic).
    /// </summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> indices, params int[] indexShape)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(indexShape);
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"Embedding: the weight must be [rows, d]; got {weight.ShapeString}.");
        }
        if (Shape.Size(indexShape) != indices.Length)
        {
            throw new ArgumentException($"Embedding: {indices.Length} indices do not fill the index shape {Shape.Format(indexShape)}.");
        }
        int rows = weight.Dims[0];
        int d = weight.Dims[1];
        var idx = MemoryScope.CopyOfInts(indices);
        var y = MemoryScope.Uninitialized(idx.Length * d);
        for (int i = 0; i < idx.Length; i++)
        {
            if ((uint)idx[i] >= (uint)rows)
            {
                throw new ArgumentException($"Embedding: index {idx[i]} at position {i} is out of range for a table of {rows} rows.");
            }
            weight.Data.AsSpan(idx[i] * d, d).CopyTo(y.AsSpan(i * d, d));
        }
        int[] outShape = [.. indexShape, d];
        return Tensor.FromOp(y, outShape, "Embedding", [weight], g =>
        {
            var gw = weight.GradBuffer();
            for (int i = 0; i < idx.Length; i++)
            {
                Broadcasting.Accumulate(gw.AsSpan(idx[i] * d, d), g.AsSpan(i * d, d));
            }
        });
    }
}
