namespace AlgoLens.Cli.Tests;

/// <summary>A --names pattern that backtracks past the regex timeout is bad input, not a bug (issue 21, item 16).</summary>
public class CacheNamesTimeoutTests
{
    [Fact]
    public void A_catastrophic_pattern_is_bad_input_naming_the_pattern_and_the_timeout()
    {
        const string pattern = "^(([a-z._0-9])+)+X$";
        string output = Path.Combine(Cli.NewDirectory(), "acts.safetensors");
        var (code, text) = Cli.Run("cache", "--model", Cli.Fixture("grokking.weights.safetensors"), "--config", Cli.Fixture("grokking.config.json"),
            "--tokens", "1 2 113", "--out", output, "--names", pattern);
        Assert.True(code == 2, text);
        string flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"--names '{pattern}'", flat, StringComparison.Ordinal);
        Assert.Contains("1 s timeout", flat, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", flat, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
