using AlgoLens.IO;
using System.Text;
using AlgoLens.Reports.Charts;

namespace AlgoLens.Tests.Reports;

public class PngEncoderTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(Crc32.Compute(Encoding.ASCII.GetBytes("123456789")),
            Crc32.Append(Crc32.Compute(Encoding.ASCII.GetBytes("1234")), Encoding.ASCII.GetBytes("56789")));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(113, 113)]
    public void RoundTripsPixelsWithValidSignatureHeaderAndChecksums(int width, int height)
    {
        var rng = new Random(width * 1000 + height);
        var rgb = new byte[width * height * 3];
        for (int r = 0; r < height; r++)
        {
            for (int i = 0; i < width * 3; i++)
            {
                // Half the rows noise, half smooth gradients and repeats, so every filter gets chosen somewhere.
                rgb[r * width * 3 + i] = r % 2 == 0 ? (byte)rng.Next(256) : (byte)(i / 3 * 2 + r);
            }
        }
        byte[] png = PngEncoder.EncodeRgb(rgb, width, height);
        var image = PngTestDecoder.Decode(png);
        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.Equal(["IHDR", "IDAT", "IEND"], image.ChunkTypes);
        Assert.Equal(rgb, image.Rgb);
    }

    [Fact]
    public void DataUriIsBase64Png()
    {
        byte[] png = PngEncoder.EncodeRgb([255, 0, 0], 1, 1);
        string uri = PngEncoder.ToDataUri(png);
        Assert.StartsWith("data:image/png;base64,", uri);
        Assert.Equal(png, Convert.FromBase64String(uri["data:image/png;base64,".Length..]));
    }

    [Fact]
    public void RefusesABufferOfTheWrongSize()
    {
        var error = Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgb(new byte[10], 2, 2));
        Assert.Contains("12 bytes", error.Message);
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgb([], 0, 1));
    }
}
