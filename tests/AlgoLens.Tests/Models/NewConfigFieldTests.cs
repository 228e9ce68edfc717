using AlgoLens.Models;

namespace AlgoLens.Tests.Models;

/// <summary>The config fields added for TransformerLens's remaining options: defaults, JSON, validation, task shapes.</summary>
public class NewConfigFieldTests
{
    [Fact]
    public void DefaultsAreTodaysBehaviourAndAreNotWritten()
    {
        var config = new HookedTransformerConfig();
        Assert.Equal("causal", config.AttentionDir);
        Assert.Equal(1f, config.AttentionRate);
        Assert.Equal(0, config.DInput);
        // A config that uses none of them serialises as it did before they existed (checkpoint headers included).
        string json = config.ToJson();
        Assert.DoesNotContain("attention_dir", json);
        Assert.DoesNotContain("attention_rate", json);
        Assert.DoesNotContain("d_input", json);
        Assert.Equal(config, HookedTransformerConfig.FromJson(json));
    }

    [Fact]
    public void SetFieldsAreWrittenWithTransformerLensNamesAndRoundTrip()
    {
        var config = new HookedTransformerConfig
        {
            AttentionDir = "bidirectional", AttentionRate = 0.25f, DInput = 2, DVocabOut = 1, NormalizationType = "RMS", ActFn = "silu",
        };
        string json = config.ToJson();
        Assert.Contains("\"attention_dir\": \"bidirectional\"", json);
        Assert.Contains("\"attention_rate\": 0.25", json);
        Assert.Contains("\"d_input\": 2", json);
        Assert.Equal(config, HookedTransformerConfig.FromJson(json));
    }

    [Fact]
    public void AttentionOnlyModelsMayHaveNoActivation()
    {
        var config = HookedTransformerConfig.FromJson("{\"attn_only\": true, \"act_fn\": null, \"normalization_type\": \"LNPre\"}");
        Assert.Null(config.ActFn);
        Assert.Equal(config, HookedTransformerConfig.FromJson(config.ToJson()));
        Assert.NotNull(new HookedTransformer(config with { DModel = 8, NHeads = 2, DHead = 4 }));
        Assert.Equal("none", HookedTransformerConfig.FromJson("{\"attn_only\": true, \"act_fn\": \"none\"}").ActFn);

        var error = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"act_fn\": null}"));
        Assert.Contains("act_fn is null but the blocks have MLPs", error.Message);
        Assert.Contains("attn_only", error.Message);
    }

    [Fact]
    public void BadValuesOfTheNewFieldsAreListed()
    {
        var error = Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson(
            "{\"attention_dir\": \"both\", \"attention_rate\": 1.5, \"d_input\": -1}"));
        Assert.Contains("attention_dir 'both'", error.Message);
        Assert.Contains("attention_rate is 1.5", error.Message);
        Assert.Contains("d_input is -1", error.Message);
        Assert.Contains("give d_vocab_out", Assert.Throws<ModelConfigException>(() => HookedTransformerConfig.FromJson("{\"d_input\": 2}")).Message);
    }

    [Fact]
    public void TaskShapesWithRealValuesSetTheInputAndOutputWidths()
    {
        var config = new HookedTransformerConfig();
        var regression = (HookedTransformerConfig)config.WithTaskShape(new TaskShape(InputVocabulary: 0, InputWidth: 5, SequenceLength: 20, OutputWidth: 1, RealOutputs: true), seed: 7);
        Assert.Equal(5, regression.DInput);
        Assert.Equal(1, regression.DVocabOut);
        Assert.Equal(20, regression.NCtx);
        Assert.Equal(7, regression.Seed);
        regression.Validate();
        var tokens = (HookedTransformerConfig)regression.WithTaskShape(new TaskShape(114, 0, 3, 113, false), seed: 0);
        Assert.Equal(0, tokens.DInput);
        Assert.Equal(114, tokens.DVocab);
        Assert.Equal(113, tokens.DVocabOut);
    }
}
