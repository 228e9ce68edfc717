using AlgoLens.Data;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;

namespace AlgoLens.Tests.Models.Mlp;

public class MlpConfigTests
{
    [Fact]
    public void JsonRoundTripsWithOneWidthOrAList()
    {
        var one = new MlpConfig { DHidden = [32], NLayers = 2, Combine = "sum", Seed = 4 };
        Assert.Contains("\"d_hidden\": 32", one.ToJson());
        Assert.Equal(one, MlpConfig.FromJson(one.ToJson()));
        Assert.Equal([32, 32], one.HiddenWidths);

        var list = new MlpConfig { DHidden = [32, 16], NLayers = 2, ActFn = "gelu_new", InitScheme = "transformer_lens", TrainableBiases = false };
        Assert.Equal(list, MlpConfig.FromJson(list.ToJson()));
        Assert.Equal(list, ModelKinds.ReadConfig("mlp", list.ToJson()));
        Assert.Equal([32, 16], MlpConfig.FromJson("{\"n_layers\": 2, \"d_hidden\": [32, 16]}").HiddenWidths);
    }

    [Fact]
    public void UnknownFieldsAndBadValuesAreReportedTogether()
    {
        var unknown = Assert.Throws<ModelConfigException>(() => MlpConfig.FromJson("{\"d_model\": 8}", "x.json"));
        Assert.Contains("x.json", unknown.Message);
        Assert.Contains("d_model", unknown.Message);
        Assert.Contains("d_hidden must be", Assert.Throws<ModelConfigException>(() => MlpConfig.FromJson("{\"d_hidden\": \"big\"}")).Message);

        var bad = new MlpConfig { NCtx = 0, Combine = "max", ActFn = "tanh", NLayers = 3, DHidden = [8, 8], InitScheme = "xavier", DVocabOut = -5 };
        var e = Assert.Throws<ModelConfigException>(() => bad.Validate());
        foreach (string part in new[] { "n_ctx is 0", "combine 'max'", "act_fn 'tanh'", "d_hidden lists 2 widths but n_layers is 3", "init_scheme 'xavier'", "d_vocab_out is -5" })
        {
            Assert.Contains(part, e.Message);
        }
    }

    [Fact]
    public void TaskShapeSetsVocabulariesAndContextAndRefusesRealValues()
    {
        var shaped = (MlpConfig)new MlpConfig().WithTaskShape(new TaskShape(60, 0, 3, 59, false), seed: 9);
        Assert.Equal((60, 59, 3, 9), (shaped.DVocab, shaped.OutputVocab, shaped.NCtx, shaped.Seed));
        Assert.Contains("real-valued input", Assert.Throws<ModelConfigException>(() => new MlpConfig().WithTaskShape(new TaskShape(0, 5, 10, 5, true), 0)).Message);
        Assert.Contains("real-valued targets", Assert.Throws<ModelConfigException>(() => new MlpConfig().WithTaskShape(new TaskShape(5, 0, 10, 5, true), 0)).Message);
    }

    [Fact]
    public void SavedModelLoadsBitwiseWithItsKind()
    {
        var model = new HookedMlp(new MlpConfig { NCtx = 3, DVocab = 7, DEmbed = 4, NLayers = 2, DHidden = [5, 3], Seed = 2 });
        string path = Path.Combine(Path.GetTempPath(), $"algolens-mlp-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(model, path);
            Assert.Equal("mlp", SafetensorsFile.Load(path).Metadata[ModelFile.KindKey]);
            var loaded = Assert.IsType<HookedMlp>(ModelFile.LoadModel(path));
            Assert.Equal(model.Config, loaded.Config);
            foreach (string name in model.ParameterNames)
            {
                Assert.Equal(model[name].Data, loaded[name].Data);
            }
            var tokens = new TokenBatch([1, 2, 6], 1, 3);
            Assert.Equal(model.Forward(tokens).Data, loaded.Forward(tokens).Data);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
