using AlgoLens.Cli.Commands;
using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// Every --model-option goes through the kind: an unknown field or a value of the wrong type gets
/// a message in words naming the field, never the JSON reader's (issue 20, item 5).
/// </summary>
public class ModelOptionValueTests
{
    private static string Refusal(string preset, params string[] options) =>
        Assert.Throws<ModelConfigException>(() => new TrainSettings { ModelOptions = options }.Build(Presets.Get(preset))).Message;

    [Theory]
    [InlineData("d_model=abc", "d_model = 'abc': d_model takes a whole number")]
    [InlineData("d_model=1.5", "d_model = '1.5': d_model takes a whole number")]
    [InlineData("eps=small", "eps = 'small': eps takes a number")]
    [InlineData("attn_only=maybe", "attn_only = 'maybe': attn_only takes true or false")]
    public void A_value_of_the_wrong_type_is_named_with_what_the_field_takes(string option, string expected)
    {
        string message = Refusal("small", option);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_field_given_a_number_is_judged_by_the_kind()
    {
        Assert.Contains("combine '3' is not supported; use concat or sum", Refusal("sparse-parity", "combine=3"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_gets_the_kind_fields()
    {
        string message = Refusal("sparse-parity", "d_model=3");
        Assert.Contains("unknown field 'd_model'", message, StringComparison.Ordinal);
        Assert.Contains("d_hidden", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_field_names_of_a_kind_are_its_settable_json_fields()
    {
        Assert.Equal(["n_features", "d_hidden", "n_instances", "activation", "seed"], ModelConfigOverrides.FieldNames(new AlgoLens.Models.ToySuperposition.ToySuperpositionConfig()));
        Assert.Contains("attention_rate", ModelConfigOverrides.FieldNames(new HookedTransformerConfig()));
    }
}
