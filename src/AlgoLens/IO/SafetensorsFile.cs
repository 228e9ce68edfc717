using System.Buffers.Binary;
using System.Text.Json;
using AlgoLens.Common;

namespace AlgoLens.IO;

/// <summary>
/// A parsed safetensors file: an 8-byte little-endian header length, a JSON header mapping each
/// tensor name to its dtype, shape and byte range, then the raw data. Every structural problem is
/// reported as a <see cref="SafetensorsFormatException"/> naming the file and the fault, before any
/// large allocation is made.
/// </summary>
public sealed class SafetensorsFile
{
    /// <summary>The largest header accepted; real headers are kilobytes, so a bigger one means a corrupt file.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly Dictionary<string, SafetensorsEntry> entries;

    private SafetensorsFile(string source, Dictionary<string, SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> order)
    {
        Source = source;
        this.entries = entries;
        Metadata = metadata;
        Names = order;
    }

    /// <summary>Where the file came from (its path), for messages.</summary>
    public string Source { get; }

    /// <summary>The header's <c>__metadata__</c> string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensor names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>True when the file holds a tensor of that name.</summary>
    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The named tensor, or an error listing a few of the names present.</summary>
    public SafetensorsEntry this[string name] =>
        entries.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException($"{Source} has no tensor '{name}'. It holds: {string.Join(", ", Names.Take(12))}{(Names.Count > 12 ? ", ..." : "")}.");

    /// <summary>
    /// Reads and validates a file: only a regular file is opened, and its 8-byte length and JSON
    /// header are read and checked against the file's size before the tensor data is read, so a
    /// corrupt or hostile header costs kilobytes, not the whole file.
    /// </summary>
    public static SafetensorsFile Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"No safetensors file at '{path}'.", path);
        }
        InputFile.RequireRegular(path, "The weights file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        long length = stream.Length;
        var prefix = new byte[8];
        int got = stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false);
        if (got < 8)
        {
            throw Fail(path, $"it is {got} bytes long, too short to hold the 8-byte header length (truncated or not a safetensors file)");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)MaxHeaderBytes)
        {
            throw Fail(path, $"its header length field says {headerLength} bytes, above the {MaxHeaderBytes}-byte limit (corrupt or not a safetensors file)");
        }
        if (headerLength > (ulong)(length - 8))
        {
            throw Fail(path, $"its header length field says {headerLength} bytes but only {length - 8} follow (the file is truncated)");
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = length - 8 - (long)headerLength;
        long dataNeeded = DataEnd(header, path);
        if (dataNeeded > dataLength)
        {
            throw Fail(path, $"its header describes {dataNeeded} bytes of tensor data but the file holds {dataLength} after the header (the file is truncated)");
        }
        if (length > Array.MaxLength)
        {
            throw Fail(path, $"it is {length} bytes long; AlgoLens loads weights files up to {Array.MaxLength} bytes (2 GiB)");
        }
        var bytes = new byte[length];
        prefix.CopyTo(bytes, 0);
        header.CopyTo(bytes, 8);
        stream.ReadExactly(bytes.AsSpan(8 + header.Length));
        return Parse(bytes, path);
    }

    /// <summary>The end of the furthest tensor's data that a header describes (every descriptor checked).</summary>
    private static long DataEnd(byte[] header, string source)
    {
        using var document = ParseHeader(header, source);
        long end = 0;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name != "__metadata__")
            {
                end = Math.Max(end, ReadDescriptor(property, source).End);
            }
        }
        return end;
    }

    /// <summary>Parses the bytes of a file; <paramref name="source"/> names it in messages.</summary>
    public static SafetensorsFile Parse(byte[] bytes, string source = "safetensors data")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 8)
        {
            throw Fail(source, $"it is {bytes.Length} bytes long, too short to hold the 8-byte header length (truncated or not a safetensors file)");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)MaxHeaderBytes)
        {
            throw Fail(source, $"its header length field says {headerLength} bytes, above the {MaxHeaderBytes}-byte limit (corrupt or not a safetensors file)");
        }
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw Fail(source, $"its header length field says {headerLength} bytes but only {bytes.Length - 8} follow (the file is truncated)");
        }
        int dataStart = 8 + (int)headerLength;
        var header = ParseHeader(bytes.AsMemory(8, (int)headerLength), source);
        long dataLength = bytes.Length - dataStart;

        var metadata = new Dictionary<string, string>();
        var entries = new Dictionary<string, SafetensorsEntry>();
        var order = new List<string>();
        var ranges = new List<(long Begin, long End, string Name)>();
        foreach (var property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                ReadMetadata(property.Value, metadata, source);
                continue;
            }
            var (dtype, shape, begin, end) = ReadDescriptor(property, source);
            if (end > dataLength)
            {
                throw Fail(source, $"tensor '{property.Name}' ends at byte {end} of the data but the data holds {dataLength} bytes (the file is truncated)");
            }
            ranges.Add((begin, end, property.Name));
            var memory = bytes.AsMemory(dataStart + (int)begin, (int)(end - begin));
            entries[property.Name] = new SafetensorsEntry(property.Name, dtype, shape, memory);
            order.Add(property.Name);
        }
        ranges.Sort((x, y) => x.Begin.CompareTo(y.Begin));
        for (int i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Begin < ranges[i - 1].End)
            {
                throw Fail(source, $"tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' overlap in the data (bytes {ranges[i].Begin}..{ranges[i - 1].End})");
            }
        }
        return new SafetensorsFile(source, entries, metadata, order);
    }

    private static JsonDocument ParseHeader(ReadOnlyMemory<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"{source}: the JSON header is malformed ({e.Message}).", e);
        }
        var kind = document.RootElement.ValueKind;
        if (kind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Fail(source, $"the JSON header is a {kind}, not an object of tensors");
        }
        if (JsonStrings.FirstUnreadable(document.RootElement) is { } where)
        {
            document.Dispose();
            throw Fail(source, $"the JSON header's text at {where} is not valid UTF-8 or holds an unpaired surrogate escape (corrupt or not a safetensors file)");
        }
        return document;
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fail(source, "__metadata__ is not an object of strings");
        }
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Fail(source, $"__metadata__ entry '{item.Name}' is not a string (safetensors metadata maps strings to strings)");
            }
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static (SafetensorsDtype Dtype, int[] Shape, long Begin, long End) ReadDescriptor(JsonProperty property, string source)
    {
        string name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement)
            || !value.TryGetProperty("shape", out var shapeElement)
            || !value.TryGetProperty("data_offsets", out var offsetsElement))
        {
            throw Fail(source, $"tensor '{name}' lacks one of dtype, shape, data_offsets");
        }
        string dtypeName = dtypeElement.ValueKind == JsonValueKind.String ? dtypeElement.GetString()! : dtypeElement.ToString();
        var dtype = SafetensorsDtypes.Parse(dtypeName)
            ?? throw Fail(source, $"tensor '{name}' has dtype '{dtypeName}', which AlgoLens does not read (F32, F64, F16, BF16, I64, I32)");
        if (shapeElement.ValueKind != JsonValueKind.Array || offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2)
        {
            throw Fail(source, $"tensor '{name}' has a malformed shape or data_offsets");
        }
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out int d) || d < 0)
            {
                throw Fail(source, $"tensor '{name}' has an invalid dimension {dim} in its shape");
            }
            shape[i++] = d;
            count *= d;
            if (count > int.MaxValue)
            {
                throw Fail(source, $"tensor '{name}' has a shape too large to load");
            }
        }
        long[] offsets = new long[2];
        i = 0;
        foreach (var o in offsetsElement.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Number || !o.TryGetInt64(out offsets[i]) || offsets[i] < 0)
            {
                throw Fail(source, $"tensor '{name}' has an invalid data offset {o}");
            }
            i++;
        }
        if (offsets[1] < offsets[0])
        {
            throw Fail(source, $"tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}] that end before they begin");
        }
        long expected = count * dtype.ElementSize();
        if (offsets[1] - offsets[0] != expected)
        {
            throw Fail(source, $"tensor '{name}' of shape {AlgoLens.Tensors.Shape.Format(shape)} and dtype {dtype} needs {expected} bytes but its data_offsets span {offsets[1] - offsets[0]}");
        }
        return (dtype, shape, offsets[0], offsets[1]);
    }

    private static SafetensorsFormatException Fail(string source, string problem) => new($"{source}: {problem}.");
}
