using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace AlgoLens.IO;

/// <summary>
/// Builds a safetensors file (F32, F64 and I64 tensors plus string metadata) and writes it
/// atomically: to a temporary name beside the target, then renamed over it, so a killed process
/// never leaves a half-written file under the real name.
/// </summary>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, string Dtype, int[] Shape, byte[] Bytes)> tensors = [];
    private readonly Dictionary<string, string> metadata = [];

    /// <summary>Adds a float32 tensor.</summary>
    public SafetensorsWriter Add(string name, ReadOnlySpan<float> data, params int[] shape) =>
        AddEncoded(name, "F32", data, 4, BinaryPrimitives.WriteSingleLittleEndian, shape);

    /// <summary>Adds a tensor's data under a name.</summary>
    public SafetensorsWriter Add(string name, AlgoLens.Tensors.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Add(name, tensor.Data, tensor.Shape);
    }

    /// <summary>Adds a float64 tensor.</summary>
    public SafetensorsWriter AddFloat64(string name, ReadOnlySpan<double> data, params int[] shape) =>
        AddEncoded(name, "F64", data, 8, BinaryPrimitives.WriteDoubleLittleEndian, shape);

    /// <summary>Adds an int64 tensor (token ids, labels).</summary>
    public SafetensorsWriter AddInt64(string name, ReadOnlySpan<long> data, params int[] shape) =>
        AddEncoded(name, "I64", data, 8, BinaryPrimitives.WriteInt64LittleEndian, shape);

    /// <summary>Sets a <c>__metadata__</c> entry.</summary>
    public SafetensorsWriter Metadata(string key, string value)
    {
        metadata[key] = value;
        return this;
    }

    /// <summary>The file's bytes.</summary>
    public byte[] ToBytes()
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata.Count > 0)
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, dtype, shape, bytes) in tensors)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", dtype);
                writer.WriteStartArray("shape");
                foreach (int d in shape)
                {
                    writer.WriteNumberValue(d);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes.Length;
            }
            writer.WriteEndObject();
        }
        // Pad the header with spaces to a multiple of 8 so the data is 8-byte aligned, as the
        // reference implementation does.
        int padded = (int)((json.Length + 7) / 8 * 8);
        var header = new byte[padded];
        Array.Fill(header, (byte)' ');
        json.ToArray().CopyTo(header, 0);
        using var output = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        output.Write(length);
        output.Write(header);
        foreach (var t in tensors)
        {
            output.Write(t.Bytes);
        }
        return output.ToArray();
    }

    /// <summary>Writes the file atomically (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    private void Check(string name, int length, int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (AlgoLens.Tensors.Shape.Size(shape) != length)
        {
            throw new ArgumentException($"Tensor '{name}': {length} values do not fill shape {AlgoLens.Tensors.Shape.Format(shape)}.");
        }
        if (name == "__metadata__" || tensors.Any(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor name '{name}' is reserved or already used in this file.");
        }
    }

    /// <summary>How one element is written, little-endian, at the start of a span.</summary>
    private delegate void Encoder<T>(Span<byte> destination, T value);

    // The three element types differ only in their width and encoder; the bytes are laid out here once.
    private SafetensorsWriter AddEncoded<T>(string name, string dtype, ReadOnlySpan<T> data, int width, Encoder<T> encode, int[] shape)
    {
        Check(name, data.Length, shape);
        var bytes = new byte[data.Length * width];
        for (int i = 0; i < data.Length; i++)
        {
            encode(bytes.AsSpan(width * i), data[i]);
        }
        tensors.Add((name, dtype, (int[])shape.Clone(), bytes));
        return this;
    }
}
