using System.Text.Json.Nodes;

namespace AlgoLens.Cli.Tests;

public sealed class SuperpositionCommandTests
{
    [Fact]
    public void Json_lists_each_instance_with_the_issues_keys_first_and_writes_a_run_folder()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run("superposition", "--features", "3", "--dims", "2", "--sparsity", "0,0.9", "--importance-decay", "1", "--steps", "20", "--out", dir, "--json");
        Assert.True(code == 0, output);
        var instances = JsonNode.Parse(output)!["instances"]!.AsArray();
        Assert.Equal(2, instances.Count);
        foreach (var node in instances)
        {
            var instance = node!.AsObject();
            Assert.Equal(["sparsity", "importance_decay", "feature_norms", "dimensionality", "superposition"], instance.Select(p => p.Key).Take(5));
            Assert.Equal(1.0, instance["importance_decay"]!.GetValue<double>());
            Assert.Equal(3, instance["feature_norms"]!.AsArray().Count);
            // D_i = ‖W_i‖² / (‖W_i‖² + superposition_i), whatever W the 20 steps reached.
            for (int i = 0; i < 3; i++)
            {
                double norm = instance["feature_norms"]![i]!.GetValue<double>(), s = instance["superposition"]![i]!.GetValue<double>();
                Assert.Equal(norm * norm / (norm * norm + s), instance["dimensionality"]![i]!.GetValue<double>(), 4);
            }
        }
        Assert.Equal([0.0, 0.9], instances.Select(n => n!["sparsity"]!.GetValue<double>()));
        Assert.True(File.Exists(Path.Combine(dir, "run.json")));
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "step_000020.safetensors")));
    }

    [Theory]
    [InlineData("--sparsity", "0,1", "sparsity 1 is outside [0, 1)")]
    [InlineData("--sparsity", "-0.5", "sparsity -0.5 is outside [0, 1)")]
    [InlineData("--sparsity", "0,abc", "'abc' is not one")]
    [InlineData("--features", "0", "features is 0")]
    [InlineData("--dims", "0", "dims is 0")]
    [InlineData("--importance-decay", "-1", "importance decay is not a positive number")]
    [InlineData("--instances", "0", "instances is 0")]
    public void Bad_input_is_exit_code_2_with_the_reason(string option, string value, string message)
    {
        string dir = Cli.NewDirectory();
        string[] args = option == "--sparsity"
            ? ["superposition", option, value, "--steps", "5", "--out", dir]
            : ["superposition", "--sparsity", "0.5", option, value, "--steps", "5", "--out", dir];
        var (code, output) = Cli.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir)); // refused before any folder is made
    }

    [Fact]
    public void Without_sparsities_it_is_exit_code_2_saying_how_to_give_them()
    {
        var (code, output) = Cli.Run("superposition", "--steps", "5", "--out", Cli.NewDirectory());
        Assert.Equal(2, code);
        Assert.Contains("Give --sparsity", output, StringComparison.Ordinal);
    }
}
