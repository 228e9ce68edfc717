using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using AlgoLens.IO;

namespace AlgoLens.Reports.Charts;

/// <summary>
/// A minimal PNG encoder for 8-bit RGB images, so a large heatmap can be embedded as one small
/// image instead of thousands of SVG rectangles. Each row is filtered with whichever of None, Sub
/// or Up gives the smallest sum of absolute bytes (the usual heuristic), then deflated with zlib.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="rgb"/> (row-major, 3 bytes per pixel, top row first) as a PNG file.</summary>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"PNG size {width}×{height} must be positive.");
        }
        if ((long)width * height * 3 != rgb.Length)
        {
            throw new ArgumentException($"A {width}×{height} RGB image needs {(long)width * height * 3} bytes; got {rgb.Length}.", nameof(rgb));
        }
        using var file = new MemoryStream();
        file.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bits per channel
        header[9] = 2;  // colour type: truecolour RGB
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive
        header[12] = 0; // no interlace
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Deflate(rgb, width, height));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A <c>data:</c> URI for a PNG file, for an <c>&lt;image href&gt;</c> or <c>&lt;img src&gt;</c>.</summary>
    public static string ToDataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static byte[] Deflate(ReadOnlySpan<byte> rgb, int width, int height)
    {
        int stride = width * 3;
        var filtered = new byte[stride + 1];
        var candidate = new byte[stride];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (int row = 0; row < height; row++)
            {
                var current = rgb.Slice(row * stride, stride);
                var previous = row > 0 ? rgb.Slice((row - 1) * stride, stride) : default;
                filtered[0] = 0;
                current.CopyTo(filtered.AsSpan(1));
                long best = Cost(current);
                for (byte filter = 1; filter <= 2; filter++)
                {
                    for (int i = 0; i < stride; i++)
                    {
                        byte reference = filter == 1 ? (i >= 3 ? current[i - 3] : (byte)0) : (previous.IsEmpty ? (byte)0 : previous[i]);
                        candidate[i] = (byte)(current[i] - reference);
                    }
                    long cost = Cost(candidate);
                    if (cost < best)
                    {
                        best = cost;
                        filtered[0] = filter;
                        candidate.CopyTo(filtered, 1);
                    }
                }
                zlib.Write(filtered);
            }
        }
        return compressed.ToArray();
    }

    // Bytes read as signed: small differences either way cost little, which is what deflate likes.
    private static long Cost(ReadOnlySpan<byte> bytes)
    {
        long sum = 0;
        foreach (byte b in bytes)
        {
            sum += Math.Abs((int)(sbyte)b);
        }
        return sum;
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Append(Crc32.Compute(typeBytes), data));
        stream.Write(crc);
    }
}
