using System.Buffers.Binary;
using System.Text;

namespace AlgoLens.Fuzz;

/// <summary>
/// Writes PyTorch checkpoint bytes as torch.save lays them out (a zip of STORED entries:
/// ARCHIVE/data.pkl, ARCHIVE/data/KEY per storage, ARCHIVE/version, ARCHIVE/byteorder), with the
/// state dict's pickle at protocol 2 as torch's pickler writes it, so tests and fuzz seeds can make
/// the crafted files the probes made (expanded views, huge sizes, zip64 fields) without torch.
/// </summary>
public sealed class PtBuilder
{
    private readonly List<(string Name, string Storage, string StorageClass, long Numel, long Offset, long[] Size, long[] Stride)> tensors = [];
    private readonly Dictionary<string, byte[]> storages = new(StringComparer.Ordinal);

    /// <summary>The folder inside the zip (torch names it after the file).</summary>
    public string Archive { get; init; } = "archive";

    /// <summary>Adds a storage entry data/<paramref name="key"/> holding <paramref name="bytes"/>.</summary>
    public PtBuilder Storage(string key, byte[] bytes)
    {
        storages[key] = bytes;
        return this;
    }

    /// <summary>Adds a tensor: a view of storage <paramref name="storage"/> (declared as <paramref name="numel"/> elements of <paramref name="storageClass"/>, e.g. FloatStorage).</summary>
    public PtBuilder View(string name, string storage, string storageClass, long numel, long offset, long[] size, long[] stride)
    {
        tensors.Add((name, storage, storageClass, numel, offset, size, stride));
        return this;
    }

    /// <summary>Adds a contiguous float32 tensor with its own storage (named by its index).</summary>
    public PtBuilder Floats(string name, float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        string key = storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }
        var stride = new long[shape.Length];
        long step = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            stride[d] = step;
            step *= shape[d];
        }
        return Storage(key, bytes).View(name, key, "FloatStorage", values.Length, 0, [.. shape.Select(d => (long)d)], stride);
    }

    /// <summary>The state dict's pickle: an OrderedDict of <c>_rebuild_tensor_v2</c> calls on persistent storages.</summary>
    public byte[] Pickle()
    {
        var p = new List<byte> { 0x80, 2 };
        Global(p, "collections", "OrderedDict");
        p.AddRange(")R("u8);
        foreach (var t in tensors)
        {
            Str(p, t.Name);
            Global(p, "torch._utils", "_rebuild_tensor_v2");
            p.AddRange("(("u8);
            Str(p, "storage");
            Global(p, "torch", t.StorageClass);
            Str(p, t.Storage);
            Str(p, "cpu");
            Int(p, t.Numel);
            p.AddRange("tQ"u8);
            Int(p, t.Offset);
            Tuple(p, t.Size);
            Tuple(p, t.Stride);
            p.Add(0x89); // False: requires_grad
            Global(p, "collections", "OrderedDict");
            p.AddRange(")RtR"u8);
        }
        p.AddRange("u."u8);
        return [.. p];
    }

    /// <summary>The whole checkpoint: <see cref="Pickle"/> (or <paramref name="pickle"/>) and the storages, zipped.</summary>
    public byte[] ToBytes(byte[]? pickle = null) => Zip(Entries(pickle), zip64: null);

    /// <summary>The entries <see cref="ToBytes"/> zips, in order.</summary>
    public IReadOnlyList<(string Name, byte[] Data)> Entries(byte[]? pickle = null)
    {
        var entries = new List<(string, byte[])> { ($"{Archive}/data.pkl", pickle ?? Pickle()) };
        entries.AddRange(storages.Select(s => ($"{Archive}/data/{s.Key}", s.Value)));
        entries.Add(($"{Archive}/version", "3\n"u8.ToArray()));
        entries.Add(($"{Archive}/byteorder", "little"u8.ToArray()));
        return entries;
    }

    /// <summary>
    /// A zip of STORED entries. For the entry named <paramref name="zip64"/>'s Name, the directory's
    /// 32-bit sizes are set to 0xFFFFFFFF and a zip64 extra field gives both sizes as <paramref name="zip64"/>'s Size
    /// (as a writer past 4 GiB would, or a crafted file with any 64-bit value).
    /// </summary>
    public static byte[] Zip(IReadOnlyList<(string Name, byte[] Data)> entries, (string Name, long Size)? zip64)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var file = new List<byte>();
        var central = new List<byte>();
        foreach (var (name, data) in entries)
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            uint crc = Crc(data);
            int offset = file.Count;
            file.AddRange(U32(0x04034b50));
            file.AddRange(U16(20));
            file.AddRange(U16(0)); // flags
            file.AddRange(U16(0)); // STORED
            file.AddRange(U32(0)); // time, date
            file.AddRange(U32(crc));
            file.AddRange(U32((uint)data.Length));
            file.AddRange(U32((uint)data.Length));
            file.AddRange(U16((ushort)nameBytes.Length));
            file.AddRange(U16(0));
            file.AddRange(nameBytes);
            file.AddRange(data);

            bool big = zip64 is { } z && z.Name == name;
            central.AddRange(U32(0x02014b50));
            central.AddRange(U16(45));
            central.AddRange(U16(45));
            central.AddRange(U16(0));
            central.AddRange(U16(0));
            central.AddRange(U32(0));
            central.AddRange(U32(crc));
            central.AddRange(U32(big ? uint.MaxValue : (uint)data.Length));
            central.AddRange(U32(big ? uint.MaxValue : (uint)data.Length));
            central.AddRange(U16((ushort)nameBytes.Length));
            central.AddRange(U16(big ? (ushort)20 : (ushort)0));
            central.AddRange(U16(0)); // comment
            central.AddRange(U16(0)); // disk
            central.AddRange(U16(0)); // internal attributes
            central.AddRange(U32(0)); // external attributes
            central.AddRange(U32((uint)offset));
            central.AddRange(nameBytes);
            if (big)
            {
                central.AddRange(U16(1));
                central.AddRange(U16(16));
                central.AddRange(I64(zip64!.Value.Size));
                central.AddRange(I64(zip64!.Value.Size));
            }
        }
        int centralOffset = file.Count;
        file.AddRange(central);
        file.AddRange(U32(0x06054b50));
        file.AddRange(U16(0));
        file.AddRange(U16(0));
        file.AddRange(U16((ushort)entries.Count));
        file.AddRange(U16((ushort)entries.Count));
        file.AddRange(U32((uint)central.Count));
        file.AddRange(U32((uint)centralOffset));
        file.AddRange(U16(0));
        return [.. file];
    }

    private static void Global(List<byte> p, string module, string name)
    {
        p.Add((byte)'c');
        p.AddRange(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private static void Str(List<byte> p, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        p.Add((byte)'X');
        p.AddRange(U32((uint)bytes.Length));
        p.AddRange(bytes);
    }

    private static void Int(List<byte> p, long value)
    {
        if (value is >= 0 and < 256)
        {
            p.Add((byte)'K');
            p.Add((byte)value);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            p.Add((byte)'J');
            p.AddRange(U32((uint)(int)value));
        }
        else
        {
            p.Add(0x8a);
            p.Add(8);
            p.AddRange(I64(value));
        }
    }

    private static void Tuple(List<byte> p, long[] values)
    {
        p.Add((byte)'(');
        foreach (long v in values)
        {
            Int(p, v);
        }
        p.Add((byte)'t');
    }

    private static byte[] U16(ushort v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return b;
    }

    private static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private static byte[] I64(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        return b;
    }

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        }
        return c;
    })];

    // CRC-32 of zip (reflected 0xEDB88320); AlgoLens's own is internal to it.
    private static uint Crc(byte[] data)
    {
        uint c = uint.MaxValue;
        foreach (byte b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        return ~c;
    }
}
