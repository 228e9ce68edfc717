using System.Buffers.Binary;

namespace AlgoLens.IO.Torch;

/// <summary>
/// One tensor of a PyTorch checkpoint, gathered into row-major order whatever view (transpose,
/// slice, expand) it was saved as: its name, stored element type, shape and little-endian bytes.
/// </summary>
public sealed class TorchTensor
{
    private readonly byte[] bytes;
    private readonly int[] shape;

    internal TorchTensor(string name, TorchDtype dtype, int[] shape, byte[] bytes)
    {
        Name = name;
        Dtype = dtype;
        this.shape = shape;
        this.bytes = bytes;
    }

    /// <summary>The key in the state dict.</summary>
    public string Name { get; }

    /// <summary>The element type as saved.</summary>
    public TorchDtype Dtype { get; }

    /// <summary>The dimensions (empty for a scalar).</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>Number of elements.</summary>
    public int Count => bytes.Length / Dtype.ElementSize();

    /// <summary>
    /// The values as float32. float64 rounds to nearest, float16 and bfloat16 widen exactly; integer
    /// and bool tensors are refused, since they are not weights.
    /// </summary>
    public float[] ToFloat32()
    {
        if (!Dtype.IsFloatingPoint())
        {
            throw new TorchFormatException($"Tensor '{Name}' holds {Dtype.TorchName()} values, not floating-point weights.");
        }
        var span = bytes.AsSpan();
        var result = new float[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Dtype switch
            {
                TorchDtype.Float32 => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                TorchDtype.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                TorchDtype.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(span[(2 * i)..]),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]) << 16),
            };
        }
        return result;
    }

    /// <summary>The raw little-endian bytes, row-major (a copy).</summary>
    public byte[] ToBytes() => (byte[])bytes.Clone();
}
