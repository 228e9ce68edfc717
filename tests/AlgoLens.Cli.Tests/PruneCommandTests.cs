using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AlgoLens.Cli.Tests;

public sealed class PruneCommandTests
{
    private static readonly Lazy<string> Run = new(() => TinyRunFolder.Trained(50));

    private static string Flat(string output) => Regex.Replace(output, @"\s+", " ");

    [Fact]
    public void Json_gives_per_sparsity_the_ticket_the_random_control_and_the_survivors_and_each_round_is_a_run_folder()
    {
        var (code, output) = Cli.Run("prune", Run.Value, "--sparsity", "0.5,0.8", "--rewind-step", "0", "--rounds", "2", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["rewind_step", "rounds", "scope", "prunable", "grokking_applies", "dense", "tickets"], json.Select(p => p.Key));
        Assert.Equal("per-layer", json["scope"]!.GetValue<string>());
        Assert.True(json["grokking_applies"]!.GetValue<bool>());
        var tickets = json["tickets"]!.AsArray();
        Assert.Equal([0.5, 0.8], tickets.Select(t => t!["sparsity"]!.GetValue<double>()));
        foreach (var t in tickets)
        {
            double sparsity = t!["sparsity"]!.GetValue<double>();
            var ticket = t["ticket"]!.AsObject();
            Assert.Equal(sparsity, ticket["sparsity"]!.GetValue<double>(), 2);
            Assert.InRange(ticket["test_accuracy"]!.GetValue<double>(), 0, 1);
            Assert.True(ticket.ContainsKey("grokking_step"));
            Assert.NotNull(ticket["key_frequencies"]);
            // Per layer: every pruned parameter keeps 1 − sparsity of its entries (to one entry's rounding).
            Assert.All(ticket["survivors"]!.AsObject(), kv => Assert.Equal(1 - sparsity, kv.Value!.GetValue<double>(), 1));
            Assert.Equal(2, t["rounds"]!.AsArray().Count);
            Assert.True(t["rounds"]![0]!["sparsity"]!.GetValue<double>() < sparsity);
            var random = t["random"]!.AsObject();
            Assert.Equal(ticket["survivors"]!.ToJsonString(), random["survivors"]!.ToJsonString()); // same counts
            foreach (string run in new[] { ticket["run"]!.GetValue<string>(), random["run"]!.GetValue<string>() })
            {
                string dir = Path.Combine(Run.Value, run);
                Assert.Contains("\"status\": \"completed\"", File.ReadAllText(Path.Combine(dir, "run.json")), StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(dir, "mask.safetensors")));
                Assert.True(File.Exists(Path.Combine(dir, "initial.safetensors")));
            }
        }
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(Run.Value, "analysis", "lottery.json")))!.ToJsonString());

        // Run again: every run is found completed and nothing is trained again.
        var before = TinyRunFolder.Snapshot(Path.Combine(Run.Value, "tickets"));
        (code, output) = Cli.Run("prune", Run.Value, "--sparsity", "0.5,0.8", "--rewind-step", "0", "--rounds", "2", "--json");
        Assert.True(code == 0, output);
        Assert.Equal(before, TinyRunFolder.Snapshot(Path.Combine(Run.Value, "tickets")));
    }

    [Fact]
    public void Global_pruning_is_named_in_the_json_and_reaches_the_sparsity_over_all_prunable_weights()
    {
        var (code, output) = Cli.Run("prune", Run.Value, "--sparsity", "0.9", "--global", "--rewind-step", "50", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("global", json["scope"]!.GetValue<string>());
        Assert.Equal(50, json["rewind_step"]!.GetValue<int>());
        Assert.Equal(0.9, json["tickets"]![0]!["ticket"]!["sparsity"]!.GetValue<double>(), 3);
    }

    [Theory]
    [InlineData("0", "(0, 1)")]
    [InlineData("1", "(0, 1)")]
    [InlineData("0.5,1.5", "(0, 1)")]
    [InlineData("half", "'half' is not a number")]
    public void A_sparsity_outside_the_open_interval_is_exit_code_2(string sparsity, string message)
    {
        var (code, output) = Cli.Run("prune", Run.Value, "--sparsity", sparsity);
        Assert.Equal(2, code);
        Assert.Contains(message, Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rewind_step_without_a_checkpoint_is_exit_code_2_listing_the_steps()
    {
        var (code, output) = Cli.Run("prune", Run.Value, "--sparsity", "0.5", "--rewind-step", "7");
        Assert.Equal(2, code);
        Assert.Contains("no checkpoint at step 7. The steps that exist are 0, 50;", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Rounds_below_one_are_exit_code_2()
    {
        var (code, output) = Cli.Run("prune", Run.Value, "--sparsity", "0.5", "--rounds", "0");
        Assert.Equal(2, code);
        Assert.Contains("--rounds must be at least 1", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_is_not_finished_or_no_run_at_all_is_exit_code_2()
    {
        string stopped = TinyRunFolder.Trained(50);
        string runJson = Path.Combine(stopped, "run.json");
        File.WriteAllText(runJson, File.ReadAllText(runJson).Replace("\"status\": \"completed\"", "\"status\": \"stopped\"", StringComparison.Ordinal));
        var (code, output) = Cli.Run("prune", stopped, "--sparsity", "0.5");
        Assert.Equal(2, code);
        Assert.Contains("'stopped', not completed", Flat(output), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(stopped, "tickets")));

        string empty = Cli.NewDirectory();
        Directory.CreateDirectory(empty);
        (code, output) = Cli.Run("prune", empty, "--sparsity", "0.5");
        Assert.Equal(2, code);
        Assert.Contains("is not a run folder", Flat(output), StringComparison.Ordinal);
    }
}
