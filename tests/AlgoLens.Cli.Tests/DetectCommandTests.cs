using System.Text.Json.Nodes;

namespace AlgoLens.Cli.Tests;

public sealed class DetectCommandTests
{
    private static readonly Lazy<string> Run = new(() => TinyRunFolder.Trained(50));

    [Fact]
    public void Json_lists_every_detector_with_the_issues_fields()
    {
        var (code, output) = Cli.Run("detect", Run.Value, "--json");
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(50, json["step"]!.GetValue<int>());
        var detectors = json["detectors"]!.AsArray().Select(d => d!.AsObject()).ToList();
        Assert.Equal(
            ["previous_token", "duplicate_token", "induction", "first_token", "self", "copying", "fourier_clock"],
            detectors.Select(d => d["name"]!.GetValue<string>()).Distinct());
        foreach (var d in detectors)
        {
            Assert.Equal(["name", "layer", "head", "score", "tl_score", "threshold", "detected", "applicable", "reason"], d.Select(p => p.Key));
        }
        // TL's three detectors carry tl_score; the others do not. The run has one layer of two heads.
        var previous = detectors.Single(d => d["name"]!.GetValue<string>() == "previous_token" && d["head"]!.GetValue<int>() == 1);
        Assert.InRange(previous["tl_score"]!.GetValue<double>(), 0, 1);
        Assert.Null(detectors.First(d => d["name"]!.GetValue<string>() == "self")["tl_score"]);
        var induction = detectors.Single(d => d["name"]!.GetValue<string>() == "induction");
        Assert.False(induction["applicable"]!.GetValue<bool>());
        Assert.Contains("one layer", induction["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        // The Fourier clock is one whole-model score on this modular-addition run.
        var clock = detectors.Single(d => d["name"]!.GetValue<string>() == "fourier_clock");
        Assert.Null(clock["layer"]);
        Assert.Null(clock["head"]);
        Assert.True(clock["applicable"]!.GetValue<bool>());
        Assert.Equal(0.9, clock["threshold"]!.GetValue<double>());
    }

    [Fact]
    public void Given_tokens_are_scored_as_given()
    {
        // "=" is token 11 of add mod 11: a BOS-free sequence that repeats, read with the model's 3 positions.
        var (code, output) = Cli.Run("detect", Run.Value, "--tokens", "4 4 11", "--json");
        Assert.True(code == 0, output);
        var duplicate = JsonNode.Parse(output)!["detectors"]!.AsArray().First(d => d!["name"]!.GetValue<string>() == "duplicate_token")!;
        Assert.True(duplicate["applicable"]!.GetValue<bool>());
        // The same detector on given tokens without a repeat has nothing to score: the tokens are read.
        (code, output) = Cli.Run("detect", Run.Value, "--tokens", "4 5 11", "--json");
        Assert.True(code == 0, output);
        duplicate = JsonNode.Parse(output)!["detectors"]!.AsArray().First(d => d!["name"]!.GetValue<string>() == "duplicate_token")!;
        Assert.False(duplicate["applicable"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("--tokens", "1 2 99", "outside the model's vocabulary")]
    [InlineData("--step", "7", "no checkpoint at step 7")]
    [InlineData("--config", "c.json", "--config goes with --model")]
    public void Bad_input_is_exit_code_2_with_the_fix(string option, string value, string message)
    {
        var (code, output) = Cli.Run("detect", Run.Value, option, value);
        Assert.Equal(2, code);
        // The console wraps long lines: compare with runs of white space as one space.
        Assert.Contains(message, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_and_a_model_file_together_are_refused()
    {
        var (code, output) = Cli.Run("detect", Run.Value, "--model", Run.Value);
        Assert.Equal(2, code);
        Assert.Contains("Give one model", output, StringComparison.Ordinal);
    }
}
