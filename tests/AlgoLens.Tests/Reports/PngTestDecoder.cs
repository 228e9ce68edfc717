using AlgoLens.IO;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using AlgoLens.Reports.Charts;

namespace AlgoLens.Tests.Reports;

/// <summary>A strict reader of the PNGs our encoder writes (8-bit RGB, filters None/Sub/Up), to check them independently.</summary>
internal static class PngTestDecoder
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public sealed record Image(int Width, int Height, byte[] Rgb, List<string> ChunkTypes);

    public static Image Decode(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        int at = 8, width = 0, height = 0;
        var chunks = new List<string>();
        using var idat = new MemoryStream();
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(at + 4, 4 + length)), storedCrc);
            chunks.Add(type);
            if (type == "IHDR")
            {
                Assert.Equal(13, length);
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal([8, 2, 0, 0, 0], data[8..].ToArray()); // 8-bit, RGB, deflate, adaptive, no interlace
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }
        Assert.Equal(png.Length, at);
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        byte[] raw = inflated.ToArray();
        int stride = width * 3;
        Assert.Equal((stride + 1) * height, raw.Length);
        var rgb = new byte[stride * height];
        for (int row = 0; row < height; row++)
        {
            byte filter = raw[row * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                byte value = raw[row * (stride + 1) + 1 + i];
                byte left = i >= 3 ? rgb[row * stride + i - 3] : (byte)0;
                byte up = row > 0 ? rgb[(row - 1) * stride + i] : (byte)0;
                rgb[row * stride + i] = filter switch
                {
                    0 => value,
                    1 => (byte)(value + left),
                    2 => (byte)(value + up),
                    _ => throw new InvalidDataException($"unexpected filter {filter}"),
                };
            }
        }
        return new Image(width, height, rgb, chunks);
    }
}
