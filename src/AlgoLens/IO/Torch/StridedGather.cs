namespace AlgoLens.IO.Torch;

/// <summary>
/// Copies a strided view of a storage into row-major bytes. Every element the view can reach is
/// checked to lie inside the storage before anything is copied, so a crafted size, stride or offset
/// cannot read past the storage's bytes.
/// </summary>
internal static class StridedGather
{
    /// <summary>The view's elements in row-major order; <paramref name="describe"/> names the tensor in messages.</summary>
    public static byte[] Gather(ReadOnlySpan<byte> storage, TorchTensorRef view, string describe)
    {
        int elementSize = view.Storage.Dtype.ElementSize();
        long count = Validate(storage.Length, view, describe);
        if (count == 0)
        {
            return [];
        }
        var result = new byte[count * elementSize];
        if (IsRowMajor(view.Size, view.Stride))
        {
            storage.Slice((int)(view.Offset * elementSize), result.Length).CopyTo(result);
            return result;
        }
        Copy(storage, view, elementSize, result);
        return result;
    }

    /// <summary>
    /// The view's element count, once every element it reaches is checked to lie inside a storage of
    /// <paramref name="storageBytes"/> bytes and the count to fit one array; nothing is copied.
    /// </summary>
    /// <exception cref="TorchFormatException">The view reaches past the storage, or is too large to hold.</exception>
    public static long Validate(long storageBytes, TorchTensorRef view, string describe)
    {
        int elementSize = view.Storage.Dtype.ElementSize();
        long count = 1;
        long last = view.Offset;
        try
        {
            for (int d = 0; d < view.Size.Length; d++)
            {
                count = checked(count * view.Size[d]);
                if (view.Size[d] > 0)
                {
                    last = checked(last + checked((view.Size[d] - 1) * view.Stride[d]));
                }
            }
        }
        catch (OverflowException)
        {
            throw new TorchFormatException($"{describe} has a size or stride too large to be real (the file is damaged or crafted).");
        }
        if (view.Size.Any(d => d > int.MaxValue))
        {
            throw new TorchFormatException($"{describe} has a dimension of more than {int.MaxValue} elements (the file is damaged or crafted).");
        }
        if (count == 0)
        {
            return 0;
        }
        if (count > Array.MaxLength / elementSize)
        {
            throw new TorchFormatException($"{describe} has {count} elements, more than this importer can hold in memory at once.");
        }
        long available = storageBytes / elementSize;
        if (last >= available)
        {
            throw new TorchFormatException($"{describe} reaches element {last} of its storage, which holds {available} (the file is damaged or crafted).");
        }
        return count;
    }

    private static bool IsRowMajor(long[] size, long[] stride)
    {
        long expected = 1;
        for (int d = size.Length - 1; d >= 0; d--)
        {
            if (size[d] != 1 && stride[d] != expected)
            {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    // An odometer over the view's indices: the innermost dimension steps by its stride and carries
    // into the next, so no recursion and no per-element index arithmetic over all dimensions.
    private static void Copy(ReadOnlySpan<byte> storage, TorchTensorRef view, int elementSize, byte[] result)
    {
        int rank = view.Size.Length;
        var index = new long[rank];
        long source = view.Offset;
        for (int target = 0; target < result.Length; target += elementSize)
        {
            storage.Slice((int)(source * elementSize), elementSize).CopyTo(result.AsSpan(target));
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                source += view.Stride[d];
                if (index[d] < view.Size[d])
                {
                    break;
                }
                source -= view.Stride[d] * view.Size[d];
                index[d] = 0;
            }
        }
    }
}
