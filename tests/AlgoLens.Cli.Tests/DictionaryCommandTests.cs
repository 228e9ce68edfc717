using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Reports;
using AlgoLens.Reports.Html;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

public sealed class DictionaryCommandTests
{
    private static readonly Lazy<string> Run = new(() => TinyRunFolder.Trained(50));

    // A toy model of superposition, 6 features in 3 dimensions, 2 instances, briefly trained.
    private static readonly Lazy<string> Toy = new(() =>
    {
        string dir = Cli.NewDirectory();
        var task = new SparseFeaturesTask(nFeatures: 6, nInstances: 2);
        var training = new TrainingConfig { Steps = 20, BatchSize = 64, LearningRate = 1e-3, WeightDecay = 0, LogEvery = 10, CheckpointEvery = 20, TestExamples = 64 };
        new Trainer(task, new ToySuperpositionConfig { NFeatures = 6, DHidden = 3, NInstances = 2 }, training).Run(dir);
        return dir;
    });

    [Fact]
    public void Json_of_a_full_pca_reconstructs_and_splices_back_the_clean_loss()
    {
        // 121 pairs, 97 fitted; 64 neurons: PCA with all 64 directions keeps everything.
        var (code, output) = Cli.Run("dictionary", Run.Value, "--hook", "post0", "--method", "pca", "--components", "64", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["method", "hook", "position", "step", "components", "width", "examples", "fit_rows", "held_out_rows", "seed", "fvu", "losses", "diagnostics", "features", "frequencies", "fit_seconds"],
            json.Select(p => p.Key));
        Assert.Equal("pca", json["method"]!.GetValue<string>());
        Assert.Equal("blocks.0.mlp.hook_post", json["hook"]!.GetValue<string>());
        Assert.Equal(2, json["position"]!.GetValue<int>());
        Assert.Equal(121, json["examples"]!.GetValue<int>());
        Assert.Equal(24, json["held_out_rows"]!.GetValue<int>());
        Assert.True(json["fvu"]!.GetValue<double>() < 1e-6, output);
        var losses = json["losses"]!.AsObject();
        Assert.Equal(losses["clean"]!.GetValue<double>(), losses["spliced"]!.GetValue<double>(), 4);
        Assert.True(losses["mean_ablated"]!.GetValue<double>() > losses["clean"]!.GetValue<double>());
        Assert.Null(json["features"]);
        // All p² pairs: the atoms' codes are read over the (a, b) grid.
        Assert.Equal(64, json["frequencies"]!["atom_frequencies"]!.AsArray().Count);
        // The result is kept where report finds it.
        string saved = File.ReadAllText(Path.Combine(Run.Value, "analysis", "dictionary-pca-blocks.0.mlp.hook_post.json"));
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(saved)!.ToJsonString());
    }

    [Fact]
    public void Ica_is_deterministic_given_the_seed_and_the_table_names_its_numbers()
    {
        string[] args = ["dictionary", Run.Value, "--hook", "blocks.0.mlp.hook_post", "--method", "ica", "--components", "4", "--seed", "3", "--json"];
        var (code, first) = Cli.Run(args);
        Assert.True(code == 0, first);
        var (_, second) = Cli.Run(args);
        JsonNode Without(string text)
        {
            var node = JsonNode.Parse(text)!.AsObject();
            node.Remove("fit_seconds");
            return node;
        }
        Assert.Equal(Without(first).ToJsonString(), Without(second).ToJsonString());
        var (tableCode, table) = Cli.Run(args[..^1]);
        Assert.True(tableCode == 0, table);
        Assert.Contains("reconstruction FVU", table, StringComparison.Ordinal);
        Assert.Contains("loss spliced", table, StringComparison.Ordinal);
        Assert.Contains("key frequencies", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_toy_models_features_are_matched_to_the_atoms()
    {
        var (code, output) = Cli.Run("dictionary", Toy.Value, "--hook", "hook_hidden", "--method", "svd", "--components", "3", "--examples", "200", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(1, json["position"]!.GetValue<int>()); // the last instance
        Assert.Equal(200, json["examples"]!.GetValue<int>());
        var features = json["features"]!.AsObject();
        Assert.Equal(6, features["count"]!.GetValue<int>());
        Assert.Equal(6, features["cosines"]!.AsArray().Count);
        Assert.Equal(3, features["assigned"]!.AsArray().Count(a => a!.GetValue<int>() >= 0)); // three atoms, one feature each
        Assert.Null(json["frequencies"]);
    }

    [Fact]
    public void The_sparse_autoencoder_is_a_method_of_the_command_with_its_diagnostics()
    {
        var (code, output) = Cli.Run("dictionary", Toy.Value, "--hook", "hook_hidden", "--method", "sae", "--components", "6", "--examples", "400", "--epochs", "3", "--top-k", "2", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("sae", json["method"]!.GetValue<string>());
        var diagnostics = json["diagnostics"]!.AsObject();
        Assert.Equal(["mse", "fvu", "l0", "dead_features", "resampled", "epochs"], diagnostics.Select(p => p.Key));
        Assert.Equal(3, diagnostics["epochs"]!.GetValue<double>());
        Assert.InRange(diagnostics["l0"]!.GetValue<double>(), 0.5, 2); // top-2: at most two active per row
        Assert.Equal(6, json["features"]!["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("unknown hook", "--hook", "blocks.0.mlp.hook_pots", "--method", "pca", "blocks.0.mlp.hook_post")]
    [InlineData("unknown method", "--hook", "post0", "--method", "kmeans", "pca, svd, nmf, ica")]
    [InlineData("K of 0", "--hook", "post0", "--method", "pca", "--components", "0", "--components must be at least 1")]
    [InlineData("K above the width", "--hook", "post0", "--method", "svd", "--components", "65", "between 1 and 64")]
    [InlineData("NMF on signed activations", "--hook", "blocks.0.hook_resid_post", "--method", "nmf", "ReLU")]
    [InlineData("too few examples", "--hook", "post0", "--method", "pca", "--examples", "10", "too few")]
    [InlineData("no method", "--hook", "post0", "--method pca|svd|nmf|ica|sae")]
    public void Bad_input_is_exit_code_2_naming_the_problem(string why, params string[] rest)
    {
        string[] args = ["dictionary", Run.Value, .. rest[..^1]];
        var (code, output) = Cli.Run(args);
        Assert.True(code == 2, $"{why}: exit {code}\n{output}");
        Assert.Contains(rest[^1], Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_compares_the_methods_in_one_table()
    {
        string dir = TinyRunFolder.Trained(50);
        foreach (string method in new[] { "ica", "pca" })
        {
            var (code, output) = Cli.Run("dictionary", dir, "--hook", "post0", "--method", method, "--components", "4");
            Assert.True(code == 0, output);
        }
        File.WriteAllText(Path.Combine(dir, "analysis", "dictionary-nmf-broken.json"), "{ not json");
        var report = new HtmlReport("test");
        Assert.True(DictionarySection.Add(report, dir));
        string html = report.ToHtml();
        Assert.Contains("Dictionary learning", html, StringComparison.Ordinal);
        Assert.Contains("blocks.0.mlp.hook_post at position 2", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("<td>pca</td>", StringComparison.Ordinal) is > 0 and var pca && pca < html.IndexOf("<td>ica</td>", StringComparison.Ordinal), "pca's row comes before ica's");
        Assert.Contains("dictionary-nmf-broken.json could not be read", html, StringComparison.Ordinal);
        Assert.False(DictionarySection.Add(new HtmlReport("empty"), TinyRunFolder.Trained(50)));
    }
}
