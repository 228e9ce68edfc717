using System.Buffers.Binary;

namespace AlgoLens.IO;

/// <summary>One tensor of a safetensors file: its type, shape and raw little-endian bytes.</summary>
public sealed class SafetensorsEntry
{
    private readonly ReadOnlyMemory<byte> bytes;

    internal SafetensorsEntry(string name, SafetensorsDtype dtype, int[] shape, ReadOnlyMemory<byte> bytes)
    {
        Name = name;
        Dtype = dtype;
        this.shape = shape;
        this.bytes = bytes;
    }

    private readonly int[] shape;

    /// <summary>The tensor's name in the file.</summary>
    public string Name { get; }

    /// <summary>The element type as stored.</summary>
    public SafetensorsDtype Dtype { get; }

    /// <summary>The dimensions.</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>Number of elements.</summary>
    public int Count => bytes.Length / Dtype.ElementSize();

    /// <summary>The values as float32, converted from any floating or integer type.</summary>
    public float[] ToFloat32()
    {
        var span = bytes.Span;
        var result = new float[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Dtype switch
            {
                SafetensorsDtype.F32 => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                SafetensorsDtype.F64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                SafetensorsDtype.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(span[(2 * i)..]),
                SafetensorsDtype.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]) << 16),
                SafetensorsDtype.I64 => BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]),
                _ => BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]),
            };
        }
        return result;
    }

    /// <summary>The values as float64, converted from any floating or integer type.</summary>
    public double[] ToFloat64()
    {
        if (Dtype != SafetensorsDtype.F64 && Dtype != SafetensorsDtype.I64)
        {
            return ToFloat32().Select(v => (double)v).ToArray();
        }
        var span = bytes.Span;
        var result = new double[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Dtype == SafetensorsDtype.F64
                ? BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..])
                : BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]);
        }
        return result;
    }

    /// <summary>The values as 64-bit integers; only integer types convert.</summary>
    public long[] ToInt64()
    {
        if (Dtype is not (SafetensorsDtype.I64 or SafetensorsDtype.I32))
        {
            throw new SafetensorsFormatException($"Tensor '{Name}' holds {Dtype}, not integers; it cannot be read as token ids.");
        }
        var span = bytes.Span;
        var result = new long[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Dtype == SafetensorsDtype.I64
                ? BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..])
                : BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]);
        }
        return result;
    }

    /// <summary>The values as a float32 tensor of the stored shape.</summary>
    public AlgoLens.Tensors.Tensor ToTensor() => new(ToFloat32(), shape) { Name = Name };
}
