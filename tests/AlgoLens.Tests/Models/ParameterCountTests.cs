using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Models.ToySuperposition;

namespace AlgoLens.Tests.Models;

/// <summary>IModelConfig.ParameterCount, computed from sizes alone, against the count of a built model.</summary>
public sealed class ParameterCountTests
{
    public static TheoryData<string> TransformerVariants() => new(
        "{}",
        "{\"n_layers\": 2, \"normalization_type\": \"LN\", \"act_fn\": \"gelu\"}",
        "{\"n_layers\": 3, \"normalization_type\": \"RMS\", \"attn_only\": true, \"act_fn\": null}",
        "{\"normalization_type\": \"LNPre\", \"d_vocab_out\": 7}",
        "{\"normalization_type\": \"RMSPre\", \"d_input\": 6, \"d_vocab_out\": 1}");

    [Theory]
    [MemberData(nameof(TransformerVariants))]
    public void A_transformer_s_count_is_its_built_parameters(string fields)
    {
        var config = ModelKinds.ReadConfig("transformer", Small(fields), "test");
        Assert.Equal(Built(config), config.ParameterCount());
    }

    [Fact]
    public void Mlp_and_toy_counts_are_their_built_parameters()
    {
        IModelConfig[] configs =
        [
            new MlpConfig { NCtx = 2, DVocab = 9, DEmbed = 4, DHidden = [6, 5], NLayers = 2 },
            new MlpConfig { NCtx = 3, DVocab = 7, DEmbed = 3, Combine = "sum", DHidden = [8] },
            new ToySuperpositionConfig { NFeatures = 5, DHidden = 2, NInstances = 3 },
        ];
        Assert.All(configs, c => Assert.Equal(Built(c), c.ParameterCount()));
    }

    private static long Built(IModelConfig config) =>
        ModelKinds.Create(config).Parameters.Tensors.Sum(t => (long)t.Size);

    private static string Small(string fields)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(fields)!.AsObject();
        var baseline = new System.Text.Json.Nodes.JsonObject
        {
            ["d_model"] = 8, ["n_heads"] = 2, ["d_head"] = 4, ["d_mlp"] = 16, ["d_vocab"] = 11, ["n_ctx"] = 5,
        };
        foreach (var (key, value) in node)
        {
            baseline[key] = value?.DeepClone();
        }
        return baseline.ToJsonString();
    }
}
