using System.Buffers.Binary;
using System.Text;
using AlgoLens.IO.Torch;

namespace AlgoLens.Tests.IO.Torch;

public class TorchCheckpointTests
{
    [Theory]
    [InlineData("tiny_state_dict.pt")]
    [InlineData("tiny_proto4.pt")]
    [InlineData("tiny_nested.pt")]
    [InlineData("tiny_zip64.pt")]
    public void ReadsEveryTensorExactlyAsThePythonScriptComputedIt(string file)
    {
        var expected = PtFixtures.Expected(file);
        var stateDict = TorchCheckpoint.ReadStateDict(PtFixtures.Path(file));
        var tensors = expected.GetProperty("tensors");
        Assert.Equal(tensors.EnumerateObject().Select(p => p.Name), stateDict.Tensors.Select(t => t.Name));
        foreach (var tensor in stateDict.Tensors)
        {
            var want = tensors.GetProperty(tensor.Name);
            Assert.Equal(want.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), tensor.Shape);
            Assert.Equal(want.GetProperty("dtype").GetString(), StorageClass(tensor.Dtype));
            var values = want.GetProperty("values").EnumerateArray().ToList();
            if (tensor.Dtype == TorchDtype.Bool)
            {
                Assert.Equal(values.Select(v => v.GetBoolean() ? (byte)1 : (byte)0), tensor.ToBytes());
                continue;
            }
            // The script wrote each value rounded to float32: the import must match it bit for bit.
            Assert.Equal(values.Select(v => (float)v.GetDouble()), tensor.ToFloat32());
        }
        Assert.Equal(expected.TryGetProperty("key", out var key) ? key.GetString() : null, stateDict.Key);
    }

    [Fact]
    public void ANestedCheckpointListsWhatItLeftOutAndTakesAnExplicitKey()
    {
        var stateDict = TorchCheckpoint.ReadStateDict(PtFixtures.Path("tiny_nested.pt"), key: "model");
        Assert.Equal("model", stateDict.Key);
        Assert.Equal(24, stateDict.Tensors.Count); // 22 parameters, attn.mask and attn.IGNORE
        var error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(PtFixtures.Path("tiny_nested.pt"), key: "hyper"));
        Assert.Contains("'hyper' holds a dict of 4, not a dict of tensors", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(PtFixtures.Path("tiny_nested.pt"), key: "weights"));
        Assert.Contains("no key 'weights'. Its keys: 'model', 'step', 'optimizer_name', 'hyper'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMaliciousFileIsRefusedByTheClassItNamesAndRunsNothing()
    {
        string marker = PtFixtures.Expected("malicious_os_system.pt").GetProperty("marker").GetString()!;
        // The marker is what the payload would create; it must not exist after the attempt.
        if (File.Exists(marker))
        {
            File.Delete(marker);
        }
        var error = Assert.Throws<UnsafePickleException>(() => TorchCheckpoint.ReadStateDict(PtFixtures.Path("malicious_os_system.pt")));
        Assert.Equal("posix.system", error.Global);
        Assert.Contains("'posix.system', which is not on the allow-list", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("bad_numel.pt")]
    [InlineData("deflated.pt")]
    [InlineData("path_traversal.pt")]
    public void DamagedOrCraftedFilesAreRefusedWithTheirFault(string file)
    {
        string fault = PtFixtures.Expected(file).GetProperty("error").GetString()!;
        var error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(PtFixtures.Path(file)));
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(PtFixtures.Path(file), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(0.0)]
    public void ATruncatedFileIsReportedAsTruncated(double keep)
    {
        string path = PtFixtures.Altered("tiny_state_dict.pt", bytes => bytes[..(int)(bytes.Length * keep)]);
        var error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(path));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlippedByteInAStorageFailsItsCrc()
    {
        // The second storage's first float sits at a 64-byte boundary; find it by its entry name.
        string path = PtFixtures.Altered("tiny_state_dict.pt", bytes =>
        {
            const string entry = "tiny_state_dict/data/1";
            int name = IndexOf(bytes, entry);
            int data = (name + entry.Length + 4 + 63) / 64 * 64; // after the name and the padding's 4-byte header
            bytes[data] ^= 0x40;
            return bytes;
        });
        var error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(path));
        Assert.Contains("entry 'tiny_state_dict/data/1' fails its CRC-32 check", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaturatedEndRecordFieldsAreReadFromTheZip64Record()
    {
        // Python writes the zip64 end record but keeps the real values in the classic one when they
        // fit; saturating the classic offset (as past 4 GiB) makes the reader take the zip64 one.
        string path = PtFixtures.Altered("tiny_zip64.pt", bytes =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16), uint.MaxValue);
            return bytes;
        });
        Assert.Equal(24, TorchCheckpoint.ReadStateDict(path).Tensors.Count);
        string broken = PtFixtures.Altered("tiny_state_dict.pt", bytes =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16), uint.MaxValue);
            return bytes;
        });
        var error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(broken));
        Assert.Contains("zip64 end record is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALegacyOrForeignFileIsNotAZip()
    {
        // torch < 1.6 wrote a bare pickle stream; this is one's first bytes (the magic number).
        string path = PtFixtures.Altered("tiny_state_dict.pt", _ => [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e, 0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e, 0x80, 0x02]);
        var error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(path));
        Assert.Contains("_use_new_zipfile_serialization=False", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsAFileNotFoundError() =>
        Assert.Throws<FileNotFoundException>(() => TorchCheckpoint.ReadStateDict(PtFixtures.Path("no_such.pt")));

    private static int IndexOf(byte[] bytes, string text)
    {
        var needle = Encoding.ASCII.GetBytes(text);
        return bytes.AsSpan().IndexOf(needle);
    }

    private static string StorageClass(TorchDtype dtype) => dtype switch
    {
        TorchDtype.Float32 => "FloatStorage",
        TorchDtype.Float64 => "DoubleStorage",
        TorchDtype.Float16 => "HalfStorage",
        TorchDtype.BFloat16 => "BFloat16Storage",
        TorchDtype.Bool => "BoolStorage",
        _ => dtype.ToString(),
    };
}
