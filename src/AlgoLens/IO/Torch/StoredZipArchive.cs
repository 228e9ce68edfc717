using System.Buffers.Binary;
using System.Text;

namespace AlgoLens.IO.Torch;

/// <summary>
/// Reads the zip files torch.save writes: every entry STORED (no compression), found through the
/// central directory, each read on demand with a seek, so a large checkpoint is never read whole
/// into memory. It is deliberately narrower than System.IO.Compression.ZipArchive: a compressed or
/// encrypted entry, an entry name that climbs out of the archive (<c>..</c>, a rooted path), entries
/// whose sizes add up to more than the file (overlapping data, the trick of zip bombs), or a local
/// header that disagrees with the directory are refused with a message naming the entry, and every
/// entry read is checked against its CRC-32.
/// </summary>
internal sealed class StoredZipArchive : IDisposable
{
    /// <summary>Most entries accepted; a checkpoint has a few per tensor.</summary>
    public const int MaxEntries = 1_000_000;

    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;
    private const int EndRecordSize = 22;

    private readonly FileStream stream;
    private readonly Dictionary<string, Entry> entries;

    private StoredZipArchive(FileStream stream, string source, Dictionary<string, Entry> entries, List<string> names, long centralDirectoryOffset)
    {
        this.stream = stream;
        Source = source;
        this.entries = entries;
        Names = names;
        CentralDirectoryOffset = centralDirectoryOffset;
    }

    /// <summary>The file's path, for messages.</summary>
    public string Source { get; }

    /// <summary>Entry names in directory order.</summary>
    public IReadOnlyList<string> Names { get; }

    private long CentralDirectoryOffset { get; }

    /// <summary>True when the archive has an entry of that name.</summary>
    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The stored size of an entry in bytes.</summary>
    public long SizeOf(string name) => entries[name].Size;

    /// <summary>Opens <paramref name="path"/> and reads its central directory.</summary>
    /// <exception cref="ArgumentException">The path is a FIFO, device or other file that is not a regular file.</exception>
    public static StoredZipArchive Open(string path)
    {
        InputFile.RequireRegular(path, "The PyTorch checkpoint");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        try
        {
            var (offset, size, count) = FindCentralDirectory(stream, path);
            var (entries, names) = ReadCentralDirectory(stream, path, offset, size, count);
            return new StoredZipArchive(stream, path, entries, names, offset);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The bytes of entry <paramref name="name"/>, checked against the directory's CRC-32; an entry
    /// larger than <paramref name="maxBytes"/> is refused before anything is allocated.
    /// </summary>
    public byte[] Read(string name, long maxBytes)
    {
        var entry = entries.TryGetValue(name, out var e) ? e : throw Fail(Source, $"it has no entry '{name}'");
        if (entry.Size > maxBytes || entry.Size > Array.MaxLength)
        {
            throw Fail(Source, $"entry '{name}' is {entry.Size} bytes, more than the {Math.Min(maxBytes, Array.MaxLength)} this reader accepts for it");
        }
        Span<byte> header = stackalloc byte[30];
        ReadAt(entry.HeaderOffset, header, $"the local header of '{name}'");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeader)
        {
            throw Fail(Source, $"entry '{name}' has no local header where the directory says (the file is damaged)");
        }
        long dataStart = entry.HeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        if (dataStart + entry.Size > CentralDirectoryOffset)
        {
            throw Fail(Source, $"entry '{name}' runs into the central directory (the file is damaged)");
        }
        var data = new byte[entry.Size];
        ReadAt(dataStart, data, $"entry '{name}'");
        if (Crc32.Compute(data) != entry.Crc)
        {
            throw Fail(Source, $"entry '{name}' fails its CRC-32 check (the file is damaged)");
        }
        return data;
    }

    /// <inheritdoc/>
    public void Dispose() => stream.Dispose();

    private void ReadAt(long offset, Span<byte> buffer, string what)
    {
        stream.Position = offset;
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer[read..]);
            if (n == 0)
            {
                throw Fail(Source, $"{what} ends past the end of the file (truncated)");
            }
            read += n;
        }
    }

    private static (long Offset, long Size, long Count) FindCentralDirectory(FileStream stream, string source)
    {
        long length = stream.Length;
        if (length < EndRecordSize)
        {
            throw Fail(source, $"it is {length} bytes long, too short to be a zip (truncated, or not a checkpoint)");
        }
        // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
        int tail = (int)Math.Min(length, EndRecordSize + ushort.MaxValue);
        var buffer = new byte[tail];
        stream.Position = length - tail;
        stream.ReadExactly(buffer);
        int at = -1;
        for (int i = tail - EndRecordSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) == EndOfCentralDirectory
                && i + EndRecordSize + BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 20)) == tail)
            {
                at = i;
                break;
            }
        }
        if (at < 0)
        {
            throw Fail(source, "it has no zip end record: it is truncated, or not a zip at all (checkpoints from torch < 1.6, or saved with _use_new_zipfile_serialization=False, are not zips; load and re-save them with a current torch)");
        }
        var end = buffer.AsSpan(at);
        long count = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
        long recordStart = length - tail + at;
        if (count == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue)
        {
            (offset, size, count, recordStart) = ReadZip64End(stream, source, recordStart);
        }
        if (offset < 0 || size < 0 || offset > recordStart - size)
        {
            throw Fail(source, $"its central directory ({size} bytes at {offset}) lies outside the file (truncated or damaged)");
        }
        if (count < 0 || count > MaxEntries || count * 46 > size)
        {
            throw Fail(source, $"its central directory claims {count} entries, which do not fit ({size} bytes; at most {MaxEntries} accepted)");
        }
        return (offset, size, count);
    }

    private static (long Offset, long Size, long Count, long RecordStart) ReadZip64End(FileStream stream, string source, long endRecord)
    {
        Span<byte> locator = stackalloc byte[20];
        if (endRecord < 20)
        {
            throw Fail(source, "its zip64 end record is missing (damaged)");
        }
        stream.Position = endRecord - 20;
        stream.ReadExactly(locator);
        long at = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64Locator || at < 0 || at > endRecord - 20 - 56)
        {
            throw Fail(source, "its zip64 end record is missing or misplaced (damaged)");
        }
        Span<byte> record = stackalloc byte[56];
        stream.Position = at;
        stream.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndOfCentralDirectory)
        {
            throw Fail(source, "its zip64 end record has the wrong signature (damaged)");
        }
        return (BinaryPrimitives.ReadInt64LittleEndian(record[48..]), BinaryPrimitives.ReadInt64LittleEndian(record[40..]), BinaryPrimitives.ReadInt64LittleEndian(record[32..]), at);
    }

    private static (Dictionary<string, Entry>, List<string>) ReadCentralDirectory(FileStream stream, string source, long offset, long size, long count)
    {
        var directory = new byte[size];
        stream.Position = offset;
        stream.ReadExactly(directory);
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var names = new List<string>();
        long total = 0;
        int at = 0;
        for (long i = 0; i < count; i++)
        {
            if (at + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(at)) != CentralHeader)
            {
                throw Fail(source, $"its central directory is damaged at entry {i}");
            }
            var header = directory.AsSpan(at, 46);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long headerOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            if (at + 46 + nameLength + extraLength + commentLength > directory.Length)
            {
                throw Fail(source, $"its central directory is damaged at entry {i}");
            }
            string name = Encoding.UTF8.GetString(directory, at + 46, nameLength);
            var extra = directory.AsSpan(at + 46 + nameLength, extraLength);
            (uncompressed, compressed, headerOffset) = ApplyZip64(extra, uncompressed, compressed, headerOffset);
            at += 46 + nameLength + extraLength + commentLength;

            CheckName(source, name);
            if (uncompressed < 0 || compressed < 0 || headerOffset < 0)
            {
                // Zip64 fields are unsigned 64-bit; past 2^63 they are no real file's sizes.
                throw Fail(source, $"entry '{name}' has a zip64 size or offset of more than 2^63 bytes ({(ulong)Math.Min(Math.Min(uncompressed, compressed), headerOffset)}), which no file holds (damaged or crafted)");
            }
            if ((flags & 1) != 0)
            {
                throw Fail(source, $"entry '{name}' is encrypted; torch.save never encrypts");
            }
            if (method != 0 || compressed != uncompressed)
            {
                throw Fail(source, $"entry '{name}' is compressed (method {method}); torch.save stores entries uncompressed, so this file was repacked or crafted. Load it in Python and save it again with torch.save");
            }
            if (headerOffset > offset - 30)
            {
                throw Fail(source, $"entry '{name}' starts outside the file's data (damaged)");
            }
            total += uncompressed;
            if (total > stream.Length)
            {
                throw Fail(source, "its entries claim more bytes than the file holds (overlapping entries: damaged or crafted)");
            }
            if (!entries.TryAdd(name, new Entry(headerOffset, uncompressed, crc)))
            {
                throw Fail(source, $"entry '{name}' appears twice");
            }
            names.Add(name);
        }
        return (entries, names);
    }

    // Zip64's extended information (header id 1) holds, in this order, whichever of the sizes and
    // the offset did not fit their 32-bit fields (those set to 0xFFFFFFFF).
    private static (long Uncompressed, long Compressed, long Offset) ApplyZip64(ReadOnlySpan<byte> extra, long uncompressed, long compressed, long offset)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var body = extra.Slice(4, Math.Min(length, extra.Length - 4));
            if (id == 1)
            {
                int p = 0;
                if (uncompressed == uint.MaxValue && p + 8 <= body.Length)
                {
                    uncompressed = BinaryPrimitives.ReadInt64LittleEndian(body[p..]);
                    p += 8;
                }
                if (compressed == uint.MaxValue && p + 8 <= body.Length)
                {
                    compressed = BinaryPrimitives.ReadInt64LittleEndian(body[p..]);
                    p += 8;
                }
                if (offset == uint.MaxValue && p + 8 <= body.Length)
                {
                    offset = BinaryPrimitives.ReadInt64LittleEndian(body[p..]);
                }
            }
            extra = extra[Math.Min(extra.Length, 4 + length)..];
        }
        return (uncompressed, compressed, offset);
    }

    // Nothing is extracted to disk, but a name that climbs out of the archive only appears in a
    // crafted file: refusing it keeps such files out altogether.
    private static void CheckName(string source, string name)
    {
        bool bad = name.Length == 0 || name[0] == '/' || name.Contains('\\', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)
            || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(part => part == "..");
        if (bad)
        {
            throw Fail(source, $"it has an entry named '{name}', a path that leaves the archive (crafted or damaged)");
        }
    }

    private static TorchFormatException Fail(string source, string problem) => new($"{source}: {problem}.");

    private readonly record struct Entry(long HeaderOffset, long Size, uint Crc);
}
