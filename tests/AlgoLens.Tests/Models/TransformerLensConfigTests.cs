using System.Text.Json.Nodes;
using AlgoLens.Models;

namespace AlgoLens.Tests.Models;

/// <summary>
/// Configs as TransformerLens writes them. The fixtures in Fixtures/tl-config are every field of
/// TransformerLens 2.x's HookedTransformerConfig, with its defaults and __post_init__ values, as
/// <c>json.dump(cfg.to_dict(), default=str)</c> writes them; make_tl_configs.py beside them wrote
/// them from the TransformerLens source's field list (torch is not available here).
/// </summary>
public class TransformerLensConfigTests
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tl-config", name + ".json"));

    [Fact]
    public void AttentionOnlyToDictLoads()
    {
        var config = HookedTransformerConfig.FromJson(Fixture("attn_only_2l"));
        Assert.True(config.AttnOnly);
        Assert.Null(config.ActFn);
        Assert.Equal((2, 16, 4, 4, 10, 4), (config.NLayers, config.DModel, config.NHeads, config.DHead, config.DVocab, config.NCtx));
        Assert.False(config.UsesNormalization);
        // TransformerLens's own count (attention weights only) is in the file as n_params.
        long tlParams = JsonNode.Parse(Fixture("attn_only_2l"))!["n_params"]!.GetValue<long>();
        Assert.Equal(tlParams, 4L * config.NLayers * config.DModel * config.NHeads * config.DHead);
        Assert.NotNull(new HookedTransformer(config));
    }

    [Fact]
    public void ReluToDictLoads()
    {
        var config = HookedTransformerConfig.FromJson(Fixture("relu_1l"));
        Assert.False(config.AttnOnly);
        Assert.Equal("relu", config.ActFn);
        Assert.Equal((1, 32, 4, 8, 128, 114, 113, 999), (config.NLayers, config.DModel, config.NHeads, config.DHead, config.DMlp, config.DVocab, config.OutputVocab, config.Seed));
        Assert.NotNull(new HookedTransformer(config));
    }

    [Theory]
    [InlineData("positional_embedding_type", "\"rotary\"")]
    [InlineData("positional_embedding_type", "\"shortformer\"")]
    [InlineData("gated_mlp", "true")]
    [InlineData("parallel_attn_mlp", "true")]
    [InlineData("use_attn_scale", "false")]
    [InlineData("attn_scale", "1.0")]
    [InlineData("use_local_attn", "true")]
    [InlineData("scale_attn_by_inverse_layer_idx", "true")]
    [InlineData("post_embedding_ln", "true")]
    [InlineData("n_key_value_heads", "2")]
    [InlineData("num_experts", "4")]
    [InlineData("experts_per_token", "2")]
    [InlineData("use_normalization_before_and_after", "true")]
    [InlineData("attn_scores_soft_cap", "50.0")]
    [InlineData("output_logits_soft_cap", "30.0")]
    [InlineData("init_mode", "\"xavier_uniform\"")]
    [InlineData("initializer_range", "0.02")]
    [InlineData("init_weights", "false")]
    [InlineData("dtype", "\"torch.float16\"")]
    [InlineData("load_in_4bit", "true")]
    public void ComputationChangingFieldsAreRefusedByName(string field, string value)
    {
        var config = JsonNode.Parse(Fixture("relu_1l"))!.AsObject();
        config[field] = JsonNode.Parse(value);
        var error = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson(config.ToJsonString(), "tl.json"));
        Assert.Contains("tl.json", error.Message);
        Assert.Contains($"{field} is {value.Trim('"')}", error.Message.Replace("\"", ""));
    }

    [Fact]
    public void FinalRmsIsRefusedOnlyWhereItReplacesTheFinalLayerNorm()
    {
        var config = JsonNode.Parse(Fixture("relu_1l"))!.AsObject();
        config["final_rms"] = true;
        Assert.Equal(32, HookedTransformerConfig.FromJson(config.ToJsonString()).DModel);
        config["normalization_type"] = "LN";
        Assert.Contains("final_rms is true", Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson(config.ToJsonString())).Message);
    }

    [Fact]
    public void GatedAndExpertFieldsDoNotMatterWithoutAnMlp()
    {
        var config = JsonNode.Parse(Fixture("attn_only_2l"))!.AsObject();
        config["gated_mlp"] = true;
        config["parallel_attn_mlp"] = true;
        config["num_experts"] = 8;
        config["experts_per_token"] = 2;
        Assert.True(HookedTransformerConfig.FromJson(config.ToJsonString()).AttnOnly);
    }

    [Fact]
    public void NullDMlpIsFourTimesDModelAsInTransformerLens()
    {
        var config = JsonNode.Parse(Fixture("relu_1l"))!.AsObject();
        config["d_mlp"] = null;
        Assert.Equal(4 * 32, HookedTransformerConfig.FromJson(config.ToJsonString()).DMlp);
    }

    [Fact]
    public void TyposGetTheClosestFieldAndStrangersTheList()
    {
        var typo = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"n_layer\": 2, \"d_modle\": 8}"));
        Assert.Contains("unknown field 'n_layer'; did you mean 'n_layers'?", typo.Message);
        Assert.Contains("unknown field 'd_modle'; did you mean 'd_model'?", typo.Message);
        var tlTypo = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"gated_mpl\": true}"));
        Assert.Contains("did you mean 'gated_mlp'?", tlTypo.Message);
        var stranger = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"learning_rate_schedule\": 1}"));
        Assert.Contains("the fields are: n_layers, d_model", stranger.Message);
    }

    [Fact]
    public void WrongTypesAndDuplicatesAreConfigErrors()
    {
        Assert.Contains("gated_mlp is \"yes\"; it must be true or false",
            Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"gated_mlp\": \"yes\"}")).Message);
        Assert.Contains("attn_scale is []; it must be a number",
            Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"attn_scale\": []}")).Message);
        Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"d_model\": 8, \"d_model\": 16}"));
        Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("[1, 2]"));
        Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("null"));
    }
}
