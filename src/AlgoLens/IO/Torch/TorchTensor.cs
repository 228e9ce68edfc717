using System.Buffers.Binary;

namespace AlgoLens.IO.Torch;

/// <summary>
/// One tensor of a PyTorch checkpoint: its name, stored element type and shape, and its values in
/// row-major order whatever view (transpose, slice, expand) it was saved as. The values are
/// gathered from the storage when asked for, not when the file is read, so a tensor nobody uses
/// (an expanded buffer of millions of repeats of one value) costs only its storage's bytes.
/// </summary>
public sealed class TorchTensor
{
    private readonly TorchTensorRef view;
    private readonly ReadOnlyMemory<byte> storage;
    private readonly string describe;
    private readonly int[] shape;

    internal TorchTensor(string name, TorchTensorRef view, ReadOnlyMemory<byte> storage, string describe)
    {
        Name = name;
        this.view = view;
        this.storage = storage;
        this.describe = describe;
        Count = StridedGather.Validate(storage.Length, view, describe);
        shape = view.Size.Select(d => (int)d).ToArray();
    }

    /// <summary>The key in the state dict.</summary>
    public string Name { get; }

    /// <summary>The element type as saved.</summary>
    public TorchDtype Dtype => view.Storage.Dtype;

    /// <summary>The dimensions (empty for a scalar).</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>Number of elements.</summary>
    public long Count { get; }

    /// <summary>
    /// The values as float32 (a new array of <see cref="Count"/> floats). float64 rounds to nearest,
    /// float16 and bfloat16 widen exactly; integer and bool tensors are refused, since they are not weights.
    /// </summary>
    public float[] ToFloat32()
    {
        if (!Dtype.IsFloatingPoint())
        {
            throw new TorchFormatException($"Tensor '{Name}' holds {Dtype.TorchName()} values, not floating-point weights.");
        }
        var result = new float[Count];
        ToFloat32(ToBytes(), Dtype, result);
        return result;
    }

    /// <summary>The raw little-endian bytes, row-major (a new array).</summary>
    public byte[] ToBytes() => StridedGather.Gather(storage.Span, view, describe);

    /// <summary>Converts row-major little-endian <paramref name="bytes"/> of a floating-point <paramref name="dtype"/> into <paramref name="into"/>.</summary>
    internal static void ToFloat32(ReadOnlySpan<byte> bytes, TorchDtype dtype, Span<float> into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = dtype switch
            {
                TorchDtype.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]),
                TorchDtype.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
                TorchDtype.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16),
            };
        }
    }
}
