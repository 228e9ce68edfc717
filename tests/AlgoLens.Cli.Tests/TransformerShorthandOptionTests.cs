using System.Text.Json.Nodes;
using AlgoLens.Cli.Commands;
using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// --d-model, --act and the other transformer flags are shorthands for the transformer's
/// --model-option fields only; another kind refuses them, naming itself and its own fields
/// (issue 20, item 5).
/// </summary>
public class TransformerShorthandOptionTests
{
    private static string Flat(string output) => string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("mlp", "d_hidden")]
    [InlineData("toy-superposition", "n_features")]
    public void A_transformer_flag_with_another_kind_is_refused_naming_the_kind_and_its_fields(string kind, string kindField)
    {
        var settings = new TrainSettings { ModelKind = kind, DModel = 32 };
        var error = Assert.Throws<ModelConfigException>(() => settings.Build(Presets.Small));
        string message = Flat(error.Message);
        Assert.Contains("--d-model is a transformer option", message, StringComparison.Ordinal);
        Assert.Contains($"the model kind is {kind}", message, StringComparison.Ordinal);
        Assert.Contains("--model-option KEY=VALUE", message, StringComparison.Ordinal);
        Assert.Contains(kindField, message, StringComparison.Ordinal);
        Assert.Contains($"the {kind} model has no d_model", message, StringComparison.Ordinal);
        Assert.Contains("For a transformer, give --model transformer", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_whose_field_the_kind_has_gets_the_model_option_to_use()
    {
        var settings = new TrainSettings { Act = "gelu", NLayers = 2 };
        var error = Assert.Throws<ModelConfigException>(() => settings.Build(Presets.Get("sparse-parity")));
        string message = Flat(error.Message);
        Assert.Contains("--n-layers, --act are transformer options, and the model kind is mlp", message, StringComparison.Ordinal);
        Assert.Contains("--act: use --model-option act_fn=gelu", message, StringComparison.Ordinal);
        Assert.Contains("--n-layers: use --model-option n_layers=2", message, StringComparison.Ordinal);
        // What the message offers works.
        var (_, model, _) = new TrainSettings { ModelOptions = ["act_fn=gelu", "n_layers=2", "d_hidden=[16, 8]"] }.Build(Presets.Get("sparse-parity"));
        var json = JsonNode.Parse(model.ToJson())!;
        Assert.Equal(("gelu", 2), (json["act_fn"]!.GetValue<string>(), json["n_layers"]!.GetValue<int>()));
    }

    [Fact]
    public void The_command_line_refuses_with_exit_code_2_before_making_the_run_folder()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run("train", "--preset", "small", "--model", "mlp", "--d-model", "32", "--steps", "1", "--out", dir, "-q");
        Assert.True(code == 2, output);
        Assert.Contains("--model-option KEY=VALUE", Flat(output), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void The_shorthands_still_set_the_transformer_fields()
    {
        var settings = new TrainSettings { DModel = 32, Act = "silu", Normalization = "RMSPre", Init = "grokking", TrainableBiases = "none", AttnOnly = false };
        var (_, model, _) = settings.Build(Presets.Small);
        var config = Assert.IsType<HookedTransformerConfig>(model);
        Assert.Equal((32, "silu", "RMSPre", "grokking", "none"), (config.DModel, config.ActFn, config.NormalizationType, config.InitScheme, config.TrainableBiases));
    }

    [Fact]
    public void Train_small_with_d_model_32_trains()
    {
        string dir = Cli.NewDirectory();
        try
        {
            var (code, output) = Cli.Run("train", "--preset", "small", "--d-model", "32", "--steps", "10", "--out", dir, "-q");
            Assert.True(code == 0, output);
            var run = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run.json")))!;
            Assert.Equal(32, run["model"]!["d_model"]!.GetValue<int>());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
