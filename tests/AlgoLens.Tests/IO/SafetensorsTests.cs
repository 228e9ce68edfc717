using AlgoLens.Data;
using System.Buffers.Binary;
using System.Text;
using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Tests.IO;

public class SafetensorsTests
{
    private static byte[] Build(string header, int dataBytes, ulong? claimedLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static SafetensorsFormatException Malformed(byte[] bytes) =>
        Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Parse(bytes, "test.safetensors"));

    [Fact]
    public void RoundTripsEveryWrittenType()
    {
        var bytes = new SafetensorsWriter()
            .Metadata("note", "hello")
            .Add("w", [1.5f, -2f, 3.25f, 0f, float.NegativeInfinity, 6f], 2, 3)
            .AddInt64("ids", [1, 2, long.MaxValue], 3)
            .AddFloat64("loss", [Math.PI], 1)
            .Add("empty", [], 0, 4)
            .ToBytes();
        Assert.Equal(0, (bytes.Length - 8 - (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes)) % 8);
        var file = SafetensorsFile.Parse(bytes);
        Assert.Equal("hello", file.Metadata["note"]);
        Assert.Equal(["w", "ids", "loss", "empty"], file.Names);
        Assert.Equal([2, 3], file["w"].Shape);
        Assert.Equal([1.5f, -2f, 3.25f, 0f, float.NegativeInfinity, 6f], file["w"].ToFloat32());
        Assert.Equal([1L, 2L, long.MaxValue], file["ids"].ToInt64());
        Assert.Equal(Math.PI, file["loss"].ToFloat64()[0]);
        Assert.Equal(0, file["empty"].Count);
    }

    [Fact]
    public void ReadsHalfBfloatAndInt32()
    {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.0 = 0x3F80, 0.5 = 0x3F00; I32 7, -1.
        string header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
            + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        var bytes = Build(header, 16);
        int d = bytes.Length - 16;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(d), 0x3C00);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(d + 2), 0xC000);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(d + 4), 0x3F80);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(d + 6), 0x3F00);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(d + 8), 7);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(d + 12), -1);
        var file = SafetensorsFile.Parse(bytes);
        Assert.Equal([1f, -2f], file["h"].ToFloat32());
        Assert.Equal([1f, 0.5f], file["b"].ToFloat32());
        Assert.Equal([7L, -1L], file["i"].ToInt64());
        Assert.Throws<SafetensorsFormatException>(() => file["h"].ToInt64());
    }

    [Fact]
    public void TruncatedFilesAreNamedTruncated()
    {
        Assert.Contains("too short", Malformed([1, 2, 3]).Message);
        var whole = new SafetensorsWriter().Add("w", new float[10], 10).ToBytes();
        Assert.Contains("truncated", Malformed(whole[..^4]).Message);
        Assert.Contains("truncated", Malformed(whole[..20]).Message);
    }

    [Fact]
    public void AbsurdHeaderLengthIsRefusedWithoutAllocating()
    {
        var error = Malformed(Build("{}", 0, claimedLength: ulong.MaxValue / 2));
        Assert.Contains("limit", error.Message);
        Assert.Contains("test.safetensors", error.Message);
    }

    [Theory]
    [InlineData("{not json", "malformed")]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", "lacks")]
    [InlineData("{\"w\":{\"dtype\":\"Q8\",\"shape\":[2],\"data_offsets\":[0,8]}}", "Q8")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12 bytes")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "invalid dimension")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", "end before")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "truncated")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "overlap")]
    [InlineData("{\"__metadata__\":{\"k\":3}}", "not a string")]
    public void MalformedHeadersSayWhatIsWrong(string header, string expected)
    {
        var error = Malformed(Build(header, 8));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ModelSavesAndLoadsWithItsConfig()
    {
        var config = new HookedTransformerConfig { NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, DVocab = 11, NCtx = 4, NormalizationType = "LN", ActFn = "gelu_new", Seed = 3 };
        var model = new HookedTransformer(config);
        string path = Path.Combine(Path.GetTempPath(), $"algolens-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(model, path);
            var loaded = ModelFile.Load(path);
            Assert.Equal(config, loaded.Config);
            foreach (string name in model.ParameterNames)
            {
                Assert.Equal(model[name].Data, loaded[name].Data);
            }
            var tokens = new TokenBatch([1, 2, 3, 4, 5, 6, 7, 8], 2, 4);
            Assert.Equal(model.Forward(tokens).Data, loaded.Forward(tokens).Data);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingOrMisshapenParametersAreListedAndNothingIsCopied()
    {
        var config = new HookedTransformerConfig { DModel = 8, NHeads = 2, DHead = 4, DMlp = 16, DVocab = 5, NCtx = 3 };
        var model = new HookedTransformer(config);
        var writer = new SafetensorsWriter();
        foreach (string name in model.ParameterNames.Where(n => n != "unembed.W_U"))
        {
            var shape = name == "embed.W_E" ? new[] { 6, 8 } : model[name].Shape;
            writer.Add(name, new float[AlgoLens.Tensors.Shape.Size(shape)], shape);
        }
        var file = SafetensorsFile.Parse(writer.ToBytes(), "bad.safetensors");
        var before = model["pos_embed.W_pos"].ToArray();
        var error = Assert.Throws<SafetensorsFormatException>(() => ModelFile.LoadWeights(model, file));
        Assert.Contains("missing parameter 'unembed.W_U'", error.Message);
        Assert.Contains("'embed.W_E' has shape [6, 8]", error.Message);
        Assert.Equal(before, model["pos_embed.W_pos"].Data);
    }

    [Fact]
    public void FileWithoutConfigAsksForOne()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelFile.Load(Fixtures.Path("grokking.weights.safetensors")));
        Assert.Contains("config", error.Message);
    }
}
