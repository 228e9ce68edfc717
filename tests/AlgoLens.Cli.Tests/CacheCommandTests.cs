using AlgoLens.IO;

namespace AlgoLens.Cli.Tests;

public class CacheCommandTests
{
    [Fact]
    public void CacheWithGradsReproducesTheLibtorchFixture()
    {
        string output = Path.Combine(Cli.NewDirectory(), "cache.safetensors");
        var (code, text) = Cli.Run("cache", "--model", Cli.Fixture("small_ln_gelu.weights.safetensors"), "--config", Cli.Fixture("small_ln_gelu.config.json"),
            "--tokens", Cli.Fixture("small_ln_gelu.expected.safetensors"), "--out", output, "--grads");
        Assert.True(code == 0, text);
        var actual = SafetensorsFile.Load(output);
        var expected = SafetensorsFile.Load(Cli.Fixture("small_ln_gelu.expected.safetensors"));
        Assert.Equal(expected["loss"].ToFloat64()[0], actual["loss"].ToFloat64()[0], 1e-5);
        foreach (string name in expected.Names.Where(n => !n.StartsWith("adamw3.", StringComparison.Ordinal) && n is not ("tokens" or "labels" or "loss")))
        {
            Assert.True(actual.Contains(name), $"missing {name}");
            Assert.True(ScaledError(actual[name].ToFloat32(), expected[name].ToFloat32()) <= 1e-4, name);
        }
        Assert.Equal(expected["tokens"].ToInt64(), actual["tokens"].ToInt64());
    }

    [Fact]
    public void NamesFilterAndInlineTokens()
    {
        string output = Path.Combine(Cli.NewDirectory(), "cache.safetensors");
        var (code, text) = Cli.Run("cache", "--model", Cli.Fixture("grokking.weights.safetensors"), "--config", Cli.Fixture("grokking.config.json"),
            "--tokens", "1 2 113; 5 7 113", "--out", output, "--names", "hook_pattern$");
        Assert.True(code == 0, text);
        var file = SafetensorsFile.Load(output);
        Assert.Equal(["tokens", "logits", "blocks.0.attn.hook_pattern"], file.Names);
        Assert.Equal([2, 4, 3, 3], file["blocks.0.attn.hook_pattern"].Shape);
    }

    [Theory]
    [InlineData("no model config", "--tokens", "1 2 113")]
    [InlineData("outside the vocabulary", "--config", "CONFIG", "--tokens", "1 2 500")]
    [InlineData("need labels", "--config", "CONFIG", "--tokens", "1 2 113", "--grads")]
    [InlineData("not a non-negative integer", "--config", "CONFIG", "--tokens", "1 x 113")]
    public void BadInputIsExplained(string expected, params string[] args)
    {
        var resolved = args.Select(a => a == "CONFIG" ? Cli.Fixture("grokking.config.json") : a).ToArray();
        var (code, text) = Cli.Run(["cache", "--model", Cli.Fixture("grokking.weights.safetensors"), .. resolved, "--out", Path.Combine(Cli.NewDirectory(), "x.safetensors")]);
        Assert.Equal(2, code);
        Assert.Contains(expected, text.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedWeightsAreReportedAsTruncated()
    {
        string dir = Cli.NewDirectory();
        Directory.CreateDirectory(dir);
        string truncated = Path.Combine(dir, "w.safetensors");
        var bytes = File.ReadAllBytes(Cli.Fixture("grokking.weights.safetensors"));
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var (code, text) = Cli.Run("cache", "--model", truncated, "--config", Cli.Fixture("grokking.config.json"), "--tokens", "1 2 113", "--out", Path.Combine(dir, "o.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("truncated", text);
    }

    private static double ScaledError(float[] actual, float[] expected)
    {
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (float.IsInfinity(expected[i]))
            {
                Assert.Equal(expected[i], actual[i]);
                continue;
            }
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }
        return maxDiff / maxRef;
    }
}
