using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AlgoLens.Cli.Tests;

public sealed class ProbeCommandTests
{
    private static readonly Lazy<string> Run = new(() => TinyRunFolder.Trained(50));

    [Fact]
    public void Json_starts_with_the_issues_keys_and_the_probe_is_written_to_the_run()
    {
        var (code, output) = Cli.Run("probe", Run.Value, "--hook", "blocks.0.hook_resid_post", "--feature", "a", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["train_accuracy", "test_accuracy", "control_test_accuracy", "selectivity"], json.Select(p => p.Key).Take(4));
        Assert.Equal("blocks.0.hook_resid_post", json["hook"]!.GetValue<string>());
        Assert.Equal(121, json["examples"]!.GetValue<int>()); // every example of add mod 11
        Assert.Equal([2], json["positions"]!.AsArray().Select(p => p!.GetValue<int>())); // a per-example feature: the last position
        Assert.Equal(json["test_accuracy"]!.GetValue<double>() - json["control_test_accuracy"]!.GetValue<double>(), json["selectivity"]!.GetValue<double>(), 12);
        string written = Path.Combine(Run.Value, "analysis", "probe-a-blocks.0.hook_resid_post.json");
        var file = JsonNode.Parse(File.ReadAllText(written))!;
        Assert.Equal(json["test_accuracy"]!.GetValue<double>(), file["probes"]![0]!["test_accuracy"]!.GetValue<double>());
    }

    [Fact]
    public void A_real_feature_gives_r2_keys_and_all_layers_a_list_with_the_layer()
    {
        var (code, output) = Cli.Run("probe", Run.Value, "--hook", "resid_post", "--feature", "cos_a:1", "--all-layers", "--positions", "0", "--json");
        Assert.True(code == 0, output);
        var list = JsonNode.Parse(output)!.AsArray();
        Assert.NotEmpty(list);
        for (int l = 0; l < list.Count; l++)
        {
            var o = list[l]!.AsObject();
            Assert.Equal(["train_r2", "test_r2", "control_test_r2", "selectivity", "layer"], o.Select(p => p.Key).Take(5));
            Assert.Equal(l, o["layer"]!.GetValue<int>());
        }
    }

    [Fact]
    public void The_table_names_the_scores_and_the_file()
    {
        var (code, output) = Cli.Run("probe", Run.Value, "--hook", "hook_embed", "--feature", "b", "--positions", "1");
        Assert.True(code == 0, output);
        string text = Regex.Replace(output, @"\s+", " ");
        Assert.Contains("selectivity", text, StringComparison.Ordinal);
        Assert.Contains("Hewitt", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--hook hook_nope --feature a", "hook_nope")]
    [InlineData("--hook blocks.0.hook_resid_post --feature depth", "defines no feature 'depth'; it defines a (class), b (class), a+b (class)")]
    [InlineData("--hook blocks.0.hook_resid_post --feature a --examples 5", "needs at least 10")]
    [InlineData("--hook blocks.0.hook_resid_post --feature a --positions 3", "Position 3 is outside")]
    [InlineData("--hook blocks.0.hook_resid_post --feature a --positions x", "not a comma-separated list")]
    [InlineData("--hook blocks.0.hook_resid_post --feature cos_a", "write --feature cos_a:W")]
    [InlineData("--feature a", "Give --hook")]
    [InlineData("--hook blocks.0.hook_resid_post", "Give --feature")]
    [InlineData("--hook hook_embed --feature a --all-layers", "outside the blocks")]
    public void Bad_input_is_exit_code_2_with_the_fix(string options, string message)
    {
        var (code, output) = Cli.Run(["probe", Run.Value, .. options.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Contains(message, Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void Tasks_show_lists_the_features_in_a_field_of_its_own()
    {
        var (code, output) = Cli.Run("tasks", "show", "add", "--p", "7", "--samples", "1", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        var names = json["features"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["a", "b", "a+b", "cos_a:W", "sin_a:W", "cos_b:W", "sin_b:W"], names);
        Assert.Equal("real", json["features"]![3]!["kind"]!.GetValue<string>());
        Assert.Equal(["name", "description", "problems", "vocab", "output_vocab", "options", "features", "examples"], json.Select(p => p.Key));
        (code, output) = Cli.Run("tasks", "show", "sparse-parity", "--samples", "1", "--json");
        Assert.True(code == 0, output);
        Assert.False(JsonNode.Parse(output)!.AsObject().ContainsKey("features"));
    }
}
