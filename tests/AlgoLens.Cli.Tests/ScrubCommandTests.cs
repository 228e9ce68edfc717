using System.Text.Json.Nodes;

namespace AlgoLens.Cli.Tests;

public sealed class ScrubCommandTests
{
    private static readonly Lazy<string> Run = new(() => TinyRunFolder.Trained(50));

    [Fact]
    public void Json_prints_the_four_losses_first_and_every_frequency_recovers_everything()
    {
        // Every frequency of Z_11 claimed: only the embedding's constant is resampled, and it is the
        // same for every token, so the scrubbed loss is the clean one (to rounding).
        var (code, output) = Cli.Run("scrub", Run.Value, "--hypothesis", "fourier", "--frequencies", "1,2,3,4,5", "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["loss_clean", "loss_scrubbed", "loss_random", "fraction_recovered"], json.Select(p => p.Key).Take(4));
        Assert.True(json["exact"]!.GetValue<bool>());
        Assert.Equal(121, json["inputs"]!.GetValue<int>());
        Assert.Equal(50, json["step"]!.GetValue<int>());
        Assert.Equal(json["loss_clean"]!.GetValue<double>(), json["loss_scrubbed"]!.GetValue<double>(), 5);
        Assert.Equal(1.0, json["fraction_recovered"]!.GetValue<double>(), 4);
        Assert.True(json["loss_random"]!.GetValue<double>() > json["loss_clean"]!.GetValue<double>());
        Assert.Null(json["standard_error"]);
        // The result is kept where report and the viewer find it.
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(Run.Value, "analysis", "scrub-fourier.json")))!.ToJsonString());
    }

    [Fact]
    public void A_sampled_run_reports_its_standard_error_and_agrees_with_the_exact_one()
    {
        var (code, output) = Cli.Run("scrub", Run.Value, "--hypothesis", "fourier", "--frequencies", "1,2", "--json");
        Assert.True(code == 0, output);
        var exact = JsonNode.Parse(output)!.AsObject();
        (code, output) = Cli.Run("scrub", Run.Value, "--hypothesis", "fourier", "--frequencies", "1,2", "--exact-budget", "0", "--samples", "16", "--json");
        Assert.True(code == 0, output);
        var sampled = JsonNode.Parse(output)!.AsObject();
        Assert.False(sampled["exact"]!.GetValue<bool>());
        Assert.Equal(16, sampled["samples"]!.GetValue<int>());
        double se = sampled["standard_error"]!.GetValue<double>();
        Assert.True(se > 0);
        Assert.True(Math.Abs(exact["loss_scrubbed"]!.GetValue<double>() - sampled["loss_scrubbed"]!.GetValue<double>()) < 4 * se, output);
    }

    [Fact]
    public void A_hypothesis_file_with_a_hook_the_model_lacks_is_exit_code_2_naming_it_and_similar_ones()
    {
        string file = Path.Combine(Cli.NewDirectory(), "h.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, """{"nodes": [{"hook": "blocks.0.attn.hook_vv", "head": 0, "feature": "token"}]}""");
        var (code, output) = Cli.Run("scrub", Run.Value, "--hypothesis", file);
        Assert.Equal(2, code);
        string text = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
        Assert.Contains("No hook point 'blocks.0.attn.hook_vv'", text, StringComparison.Ordinal);
        Assert.Contains("blocks.0.attn.hook_v", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--hypothesis", "circle", "Unknown hypothesis 'circle'")]
    [InlineData("--hypothesis", "induction", "this model has one layer")]
    [InlineData("--hypothesis", "fourier", "no key frequencies yet")]
    [InlineData("--hypothesis", "missing.json", "does not exist")]
    [InlineData("--step", "7", "no checkpoint at step 7")]
    [InlineData("--samples", "1", "--samples must be at least 2")]
    [InlineData("--frequencies", "1,x", "'x' is not one")]
    [InlineData("--frequencies", "9", "Frequency 9 is outside 1 .. 5")]
    public void Bad_input_is_exit_code_2_with_the_fix(string option, string value, string message)
    {
        string[] args = option == "--hypothesis" ? ["scrub", Run.Value, option, value] : ["scrub", Run.Value, "--hypothesis", "fourier", option, value];
        var (code, output) = Cli.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }
}
