using System.Buffers.Binary;
using System.Text;
using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Tests.IO;

/// <summary>The crashes the fuzzer (tests/AlgoLens.Fuzz) found, each now a documented format error.</summary>
public class FuzzRegressionTests
{
    private static byte[] Safetensors(byte[] header)
    {
        var bytes = new byte[8 + header.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    // Found: InvalidOperationException in Parse (a tensor name), ReadDescriptor (a dtype) and ReadMetadata (a value).
    [InlineData("{\"a\xC2\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [0, 0]}}")]
    [InlineData("{\"a\": {\"dtype\": \"F\xB6\", \"shape\": [0], \"data_offsets\": [0, 0]}}")]
    [InlineData("{\"__metadata__\": {\"k\": \"v\xEC\"}}")]
    [InlineData("{\"a\\ud800\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [0, 0]}}")]
    public void SafetensorsHeaderTextThatIsNotUnicodeIsAFormatError(string latin1Header)
    {
        // Latin-1 keeps each char as one byte, so \xC2 etc. become lone, invalid UTF-8 bytes.
        byte[] header = Encoding.Latin1.GetBytes(latin1Header);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Parse(Safetensors(header), "bad.safetensors"));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Found: InvalidOperationException from JsonDocument.Parse's duplicate-field check (a field name).
    [InlineData("{\"n_layers\": 1, \"ai\\ud800tt_only\": false}")]
    [InlineData("{\"act_fn\": \"\\ud800\"}")]
    [InlineData("{\"layers\": {\"\\udc00\": 1}}")]
    public void ConfigTextWithAnUnpairedSurrogateIsAConfigError(string json)
    {
        var error = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson(json, "my.json"));
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
        Assert.Contains("my.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigsWithCommentsAndTrailingCommasRead()
    {
        // Found: a JsonReaderException when the object was re-read without the document's leniency.
        var config = HookedTransformerConfig.FromJson("{\n  \"n_layers\": 2, // two blocks\n  \"d_model\": 32,\n\n}");
        Assert.Equal((2, 32), (config.NLayers, config.DModel));
    }

    [Fact]
    public void AnMlpConfigClaimingABillionLayersIsRefusedWithoutListingThem()
    {
        // Found: a hang (and gigabytes allocated) in MlpConfig.ParameterCount, which listed every layer.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ModelConfigException>(() => AlgoLens.Models.Mlp.MlpConfig.FromJson("{\"n_layers\": 1104857600, \"d_hidden\": 8}"));
        Assert.Contains("far too large", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
        var small = new AlgoLens.Models.Mlp.MlpConfig { NLayers = 3, DHidden = [8] };
        var listed = small with { DHidden = [8, 8, 8] };
        Assert.Equal(listed.ParameterCount(), small.ParameterCount());
    }

    [Fact]
    public void ReadableHeadersStillRead()
    {
        var file = SafetensorsFile.Parse(Safetensors(Utf8("{\"é\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [0, 0]}, \"__metadata__\": {\"k\": \"😀\"}}")));
        Assert.Equal(["é"], file.Names);
        Assert.Equal("😀", file.Metadata["k"]);
    }
}
