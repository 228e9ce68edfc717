using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AlgoLens.Cli.Tests;

public sealed class CircuitCommandTests
{
    private static readonly Lazy<string> Run = new(() => TinyRunFolder.Trained(50));

    [Fact]
    public void Json_is_the_issues_shape_and_the_circuit_is_written_to_the_run()
    {
        var (code, output) = Cli.Run("circuit", Run.Value, "--metric", "loss", "--threshold", "0.001", "--examples", "16", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["nodes", "edges", "metric_full", "metric_circuit", "metric_empty"], json.Select(p => p.Key).Take(5));
        var nodes = json["nodes"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        foreach (var edge in json["edges"]!.AsArray().Select(e => e!.AsObject()))
        {
            Assert.Equal(["from", "to", "effect"], edge.Select(p => p.Key));
            Assert.Contains(edge["from"]!.GetValue<string>(), nodes);
            Assert.Contains(edge["to"]!.GetValue<string>(), nodes);
            Assert.True(edge["effect"]!.GetValue<double>() >= 0.001);
        }
        Assert.Equal(50, json["step"]!.GetValue<int>());
        // One layer of two heads with an MLP: logits <- 2 heads, the MLP, 2 embeddings; MLP0.in <- 2 heads + 2; 6 head inputs <- 2.
        Assert.Equal(5 + 4 + 12, json["edges_total"]!.GetValue<int>());
        string written = Path.Combine(Run.Value, "analysis", "circuit.json");
        Assert.Equal(json["edges"]!.ToJsonString(), JsonNode.Parse(File.ReadAllText(written))!["edges"]!.ToJsonString());
    }

    [Fact]
    public void The_table_names_the_metrics_and_a_higher_threshold_keeps_fewer_edges()
    {
        var (code, output) = Cli.Run("circuit", Run.Value, "--metric", "kl", "--threshold", "0", "--examples", "8");
        Assert.True(code == 0, output);
        Assert.Contains("empty graph", output, StringComparison.Ordinal);
        var (_, low) = Cli.Run("circuit", Run.Value, "--metric", "kl", "--threshold", "0", "--examples", "8", "--json");
        var (_, high) = Cli.Run("circuit", Run.Value, "--metric", "kl", "--threshold", "1000", "--examples", "8", "--json");
        Assert.Empty(JsonNode.Parse(high)!["edges"]!.AsArray());
        Assert.True(JsonNode.Parse(low)!["edges"]!.AsArray().Count > 0, low);
    }

    [Theory]
    [InlineData("--threshold", "-1", "must be a number ≥ 0")]
    [InlineData("--metric", "accuracy", "Unknown --metric 'accuracy'")]
    [InlineData("--method", "eap", "gradient is 0")]
    [InlineData("--patch", "zero", "Unknown --patch 'zero'")]
    [InlineData("--clean", "1 2 =", "--clean and --corrupt go together")]
    public void Bad_input_is_exit_code_2_with_the_fix(string option, string value, string message)
    {
        string[] args = option == "--threshold" ? ["circuit", Run.Value, option, value] : ["circuit", Run.Value, "--threshold", "0.1", option, value];
        var (code, output) = Cli.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_threshold_and_a_model_without_attention_are_exit_code_2()
    {
        var (code, output) = Cli.Run("circuit", Run.Value);
        Assert.Equal(2, code);
        Assert.Contains("--threshold", output, StringComparison.Ordinal);

        string dir = Cli.NewDirectory();
        (code, output) = Cli.Run(["train", "--model", "mlp", "--model-option", "d_hidden=8", "--task", "add", "--p", "5", "--steps", "2",
            "--log-every", "1", "--checkpoint-every", "2", "--out", dir, "-q"]);
        Assert.True(code == 0, output);
        (code, output) = Cli.Run("circuit", dir, "--threshold", "0.1");
        Assert.Equal(2, code);
        Assert.Contains("no attention", Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }
}
