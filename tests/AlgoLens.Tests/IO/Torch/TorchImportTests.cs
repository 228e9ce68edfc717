using AlgoLens.IO;
using AlgoLens.IO.Torch;
using AlgoLens.Models;

namespace AlgoLens.Tests.IO.Torch;

public class TorchImportTests
{
    private static HookedTransformerConfig Config() =>
        HookedTransformerConfig.FromJson(File.ReadAllText(PtFixtures.Path("tiny.config.json")), "tiny.config.json");

    [Fact]
    public void EveryParameterGetsTheCheckpointsValues()
    {
        var result = TorchImport.Import(PtFixtures.Path("tiny_state_dict.pt"), Config());
        var tensors = PtFixtures.Expected("tiny_state_dict.pt").GetProperty("tensors");
        Assert.Equal(22, result.Model.Parameters.Names.Count);
        foreach (string name in result.Model.Parameters.Names)
        {
            var expected = tensors.GetProperty(name).GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble());
            Assert.Equal(expected, result.Model.Parameters[name].Data);
        }
    }

    [Fact]
    public void TheNotesNameConversionsAndWhatWasLeftOut()
    {
        var notes = string.Join("\n", TorchImport.Import(PtFixtures.Path("tiny_nested.pt"), Config()).Notes);
        Assert.Contains("read the state dict under 'model'", notes, StringComparison.Ordinal);
        Assert.Contains("converted to float32: blocks.0.attn.b_O (bfloat16 [8]), unembed.W_U (float64 [8, 5]), unembed.b_U (float16 [5])", notes, StringComparison.Ordinal);
        Assert.Contains("blocks.0.attn.mask (bool [3, 3]), blocks.0.attn.IGNORE (float32 [])", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void AShapeThatDoesNotFitTheConfigIsNamedWithBothShapes()
    {
        var config = Config() with { NHeads = 4, DHead = 2 };
        var error = Assert.Throws<SafetensorsFormatException>(() => TorchImport.Import(PtFixtures.Path("tiny_state_dict.pt"), config));
        Assert.Contains("parameter 'blocks.0.attn.W_Q' has shape [2, 8, 4] in the file but the config needs [4, 8, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntegerWeightsAreRefused()
    {
        string fault = PtFixtures.Expected("int_weights.pt").GetProperty("error").GetString()!;
        var error = Assert.Throws<TorchFormatException>(() => TorchImport.Import(PtFixtures.Path("int_weights.pt"), Config()));
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImportedFileLoadsAsTheParityFixturesDoAndComputes()
    {
        var imported = TorchImport.Import(PtFixtures.Path("tiny_state_dict.pt"), Config()).Model;
        string path = Path.Combine(Path.GetTempPath(), "algolens-pt-tests", Guid.NewGuid().ToString("N"), "tiny.safetensors");
        ModelFile.Save(imported, path);
        var loaded = ModelFile.Load(path, Config());
        foreach (string name in imported.Parameters.Names)
        {
            Assert.Equal(imported.Parameters[name].Data, loaded.Parameters[name].Data);
        }
        var logits = loaded.Forward(AlgoLens.Data.TokenBatch.FromRows([[1, 2, 3]]));
        Assert.Equal([1, 3, 5], logits.Shape);
        Assert.All(logits.Data, v => Assert.True(float.IsFinite(v)));
    }
}
