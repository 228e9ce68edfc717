using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlgoLens.Models.Mlp;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

public sealed class PatchCommandTests
{
    // add mod 11, one layer of two heads and an MLP: "3 5 =" answers 8, "3 6 =" answers 9.
    private static readonly Lazy<string> Run = new(() => TinyRunFolder.Trained(50));

    private static JsonObject Patch(params string[] extra)
    {
        var (code, output) = Cli.Run(["patch", Run.Value, "--clean", "3 5 =; 2 4 =", "--corrupt", "3 6 =; 2 7 =", "--json", .. extra]);
        Assert.True(code == 0, output);
        return JsonNode.Parse(output)!.AsObject();
    }

    private static Dictionary<string, JsonObject> Effects(JsonObject json) =>
        json["effects"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(e => e["component"]!.GetValue<string>());

    [Fact]
    public void Activation_json_has_every_head_mlp_and_residual_position_with_the_documented_fields()
    {
        var json = Patch();
        Assert.Equal(["method", "metric", "step", "position", "answer", "wrong", "receivers", "metric_clean", "metric_corrupt", "effects"], json.Select(p => p.Key));
        Assert.Equal("activation", json["method"]!.GetValue<string>());
        Assert.Equal("logit-diff", json["metric"]!.GetValue<string>());
        Assert.Equal(2, json["position"]!.GetValue<int>());
        Assert.Equal([8, 6], json["answer"]!.AsArray().Select(a => a!.GetValue<int>()));
        Assert.Equal([9, 9], json["wrong"]!.AsArray().Select(a => a!.GetValue<int>()));
        var effects = Effects(json);
        Assert.Equal(["L0H0", "L0H1", "L0 mlp", "resid_pre L0 pos 0", "resid_pre L0 pos 1", "resid_pre L0 pos 2"], effects.Keys);
        foreach (var e in effects.Values)
        {
            Assert.Equal(["component", "layer", "head", "position", "value", "normalized"], e.Select(p => p.Key));
        }
        Assert.Equal(1, effects["L0H1"]["head"]!.GetValue<int>());
        Assert.Null(effects["L0 mlp"]["head"]);
        Assert.Equal(1, effects["resid_pre L0 pos 1"]["position"]!.GetValue<int>());
        // Patching the one position where the inputs differ restores the clean run; one where they agree changes nothing.
        Assert.Equal(1.0, effects["resid_pre L0 pos 1"]["normalized"]!.GetValue<double>(), 1e-9);
        Assert.Equal(json["metric_clean"]!.GetValue<double>(), effects["resid_pre L0 pos 1"]["value"]!.GetValue<double>(), 1e-9);
        Assert.Equal(0.0, effects["resid_pre L0 pos 0"]["normalized"]!.GetValue<double>(), 1e-9);
        // The same JSON is saved in the run folder.
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(Run.Value, "analysis", "patching-activation.json")))!.ToJsonString());
    }

    [Fact]
    public void Path_into_the_logits_of_a_one_layer_model_is_activation_patching_of_each_head()
    {
        // With no later head, every path from a head to the logits is direct (the MLP recomputed).
        var activation = Effects(Patch());
        var path = Patch("--method", "path");
        Assert.Equal(["logits"], path["receivers"]!.AsArray().Select(r => r!.GetValue<string>()));
        var effects = Effects(path);
        Assert.Equal(["L0H0", "L0H1"], effects.Keys);
        foreach (string head in effects.Keys)
        {
            Assert.Equal(activation[head]["value"]!.GetValue<double>(), effects[head]["value"]!.GetValue<double>(), 1e-4);
        }
    }

    [Fact]
    public void Attribution_estimates_agree_on_the_unpatched_runs_and_differ_from_activation_patching_through_the_mlp()
    {
        var activation = Patch("--metric", "prob");
        var attribution = Patch("--metric", "prob", "--method", "attribution");
        Assert.Equal("attribution", attribution["method"]!.GetValue<string>());
        Assert.Null(attribution["wrong"]);
        Assert.Equal(activation["metric_clean"]!.GetValue<double>(), attribution["metric_clean"]!.GetValue<double>(), 1e-9);
        Assert.Equal(activation["metric_corrupt"]!.GetValue<double>(), attribution["metric_corrupt"]!.GetValue<double>(), 1e-9);
        var a = Effects(activation);
        var b = Effects(attribution);
        // A position where clean and corrupt agree has no first-order change either.
        Assert.Equal(b["resid_pre L0 pos 0"]["value"]!.GetValue<double>(), attribution["metric_corrupt"]!.GetValue<double>(), 1e-9);
        Assert.Contains(a.Keys, k => Math.Abs(a[k]["value"]!.GetValue<double>() - b[k]["value"]!.GetValue<double>()) > 1e-4);
    }

    [Theory]
    [InlineData("3 5 =", "3 6", "same number of tokens")]
    [InlineData("3 5 =", "3 99 =", "'99' is not a token")]
    [InlineData("3 5 =; 2 4 =", "3 6 =", "as many of each")]
    [InlineData("3 5 =", "5 3 =", "logit difference is always 0")]
    public void Bad_inputs_are_exit_code_2_with_the_problem_named(string clean, string corrupt, string message)
    {
        var (code, output) = Cli.Run("patch", Run.Value, "--clean", clean, "--corrupt", corrupt);
        Assert.Equal(2, code);
        Assert.Contains(message, Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--method", "causal", "Unknown --method 'causal'")]
    [InlineData("--metric", "kl", "Unknown --metric 'kl'")]
    [InlineData("--step", "7", "no checkpoint at step 7")]
    [InlineData("--receivers", "logits", "--receivers goes with --method path")]
    public void Bad_options_are_exit_code_2_with_the_fix(string option, string value, string message)
    {
        var (code, output) = Cli.Run("patch", Run.Value, "--clean", "3 5 =", "--corrupt", "3 6 =", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_attention_heads_is_refused_for_every_method()
    {
        string dir = Cli.NewDirectory();
        var task = TaskRegistry.Create("add", new TaskOptions { P = 11 });
        var training = Presets.Small.Training with { Steps = 2, TrainFraction = 0.6, LogEvery = 1, CheckpointEvery = 2 };
        new Trainer(task, new MlpConfig { DEmbed = 8, DHidden = [16] }, training).Run(dir);
        foreach (string method in new[] { "activation", "attribution", "path" })
        {
            var (code, output) = Cli.Run("patch", dir, "--clean", "3 5 =", "--corrupt", "3 6 =", "--method", method);
            Assert.Equal(2, code);
            Assert.Contains("needs a transformer (a model with attention heads)", Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
        }
    }
}
