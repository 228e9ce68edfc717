using AlgoLens.Models;

namespace AlgoLens.Tests.Models;

public class ConfigTests
{
    [Fact]
    public void ReadsTransformerLensFieldNames()
    {
        var config = Fixtures.Config("small_ln_gelu");
        Assert.Equal(2, config.NLayers);
        Assert.Equal(17, config.OutputVocab);
        Assert.Equal("gelu", config.ActFn);
        Assert.True(config.UsesLayerNorm);
        Assert.Equal(config, HookedTransformerConfig.FromJson(config.ToJson()));
        Assert.Contains("\"d_vocab_out\": 17", config.ToJson());
    }

    [Fact]
    public void EveryProblemIsListedWithItsFix()
    {
        var error = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson(
            "{\"d_model\": 0, \"act_fn\": \"swish\", \"normalization_type\": \"BatchNorm\", \"attention_dir\": \"sideways\", \"eps\": -1}", "my.json"));
        Assert.Contains("my.json", error.Message);
        Assert.Contains("d_model is 0", error.Message);
        Assert.Contains("swish", error.Message);
        Assert.Contains("BatchNorm", error.Message);
        Assert.Contains("sideways", error.Message);
        Assert.Contains("eps", error.Message);
    }

    [Fact]
    public void UnknownFieldsAndBrokenJsonAreReported()
    {
        Assert.Contains("d_modle", Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"d_modle\": 3}")).Message);
        Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"d_model\": "));
    }

    [Fact]
    public void ParameterNamesAndShapesFollowTransformerLens()
    {
        var model = Fixtures.Model("small_ln_gelu");
        var file = Fixtures.Expected("small_ln_gelu");
        var weights = AlgoLens.IO.SafetensorsFile.Load(Fixtures.Path("small_ln_gelu.weights.safetensors"));
        Assert.Equal(weights.Names, model.ParameterNames);
        foreach (string name in model.ParameterNames)
        {
            Assert.Equal(weights[name].Shape, model[name].Shape);
        }
        Assert.NotNull(file);
    }

    [Theory]
    [InlineData("all", 0)]
    [InlineData("mlp", 5)]
    [InlineData("none", 7)]
    public void TrainableBiasesFreezeTheRightParameters(string mode, int frozen)
    {
        var model = new HookedTransformer(new HookedTransformerConfig { NLayers = 1, DModel = 8, NHeads = 2, DHead = 4, DMlp = 16, DVocab = 5, NCtx = 3, TrainableBiases = mode, NormalizationType = "LN" });
        var frozenNames = model.ParameterNames.Where(n => !model[n].RequiresGrad).ToList();
        // One layer has 7 biases: b_Q, b_K, b_V, b_O, b_in, b_out and b_U; LayerNorm's b always trains.
        Assert.Equal(frozen, frozenNames.Count);
        Assert.All(frozenNames, n => Assert.StartsWith("b_", n[(n.LastIndexOf('.') + 1)..]));
        Assert.All(frozenNames, n => Assert.All(model[n].Data, v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void InitSchemesHaveTheirStandardDeviations()
    {
        var baseConfig = new HookedTransformerConfig { DModel = 128, NHeads = 4, DHead = 32, DMlp = 512, DVocab = 114, NCtx = 3, DVocabOut = 113 };
        var tl = new HookedTransformer(baseConfig);
        var grok = new HookedTransformer(baseConfig with { InitScheme = "grokking" });
        Assert.Equal(0.8 / Math.Sqrt(128), Std(tl["blocks.0.mlp.W_in"].Data), 3);
        Assert.Equal(1 / Math.Sqrt(128), Std(grok["blocks.0.mlp.W_in"].Data), 3);
        Assert.Equal(1 / Math.Sqrt(114), Std(grok["unembed.W_U"].Data), 3);
        Assert.All(grok["blocks.0.mlp.b_in"].Data, v => Assert.Equal(0f, v));
        Assert.NotEqual(tl["embed.W_E"].Data, new HookedTransformer(baseConfig with { Seed = 1 })["embed.W_E"].Data);
        Assert.Equal(tl["embed.W_E"].Data, new HookedTransformer(baseConfig)["embed.W_E"].Data);
    }

    private static double Std(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
