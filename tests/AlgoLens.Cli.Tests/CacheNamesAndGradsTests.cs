using System.Text.Json;
using AlgoLens.IO;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// <c>cache</c>: labels by token name, the token names recorded in the file, activation gradients
/// (issue 22, item 1).
/// </summary>
public class CacheNamesAndGradsTests
{
    /// <summary>A tiny run of the add task with p = 7 (d_vocab 8, "=" is token 7).</summary>
    private static string TinyRun()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", "--preset", "small", "--p", "7", "--d-model", "16", "--n-heads", "2", "--d-head", "8", "--d-mlp", "16",
            "--steps", "2", "--out", dir, "-q"]);
        Assert.True(code == 0, output);
        return dir;
    }

    private static string Flat(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void LabelsByNameAndTheTokenNamesInTheFile()
    {
        string dir = TinyRun();
        string byName = Path.Combine(dir, "names.safetensors"), byId = Path.Combine(dir, "ids.safetensors");
        var (code, text) = Cli.Run("cache", "--model", dir, "--input", "3 5 =; 1 2 =", "--labels", "1; 3", "--out", byName);
        Assert.True(code == 0, text);
        (code, text) = Cli.Run("cache", "--model", dir, "--tokens", "3 5 7; 1 2 7", "--labels", "1 3", "--out", byId);
        Assert.True(code == 0, text);

        var named = SafetensorsFile.Load(byName);
        Assert.Equal([1L, 3], named["labels"].ToInt64());
        Assert.Equal(SafetensorsFile.Load(byId)["labels"].ToInt64(), named["labels"].ToInt64());
        Assert.Equal([["3", "5", "="], ["1", "2", "="]], JsonSerializer.Deserialize<string[][]>(named.Metadata["token_names"])!);
        Assert.Equal(["1", "3"], JsonSerializer.Deserialize<string[]>(named.Metadata["label_names"])!);
        Assert.Equal("add", named.Metadata["task"]);
        // Ids from a run folder are named by the run's task too.
        Assert.Equal(named.Metadata["token_names"], SafetensorsFile.Load(byId).Metadata["token_names"]);

        // With --input, labels are output names: "=" is a token but not an output; with --tokens they are ids.
        (code, text) = Cli.Run("cache", "--model", dir, "--input", "3 5 =", "--labels", "=", "--out", byName);
        Assert.Equal(2, code);
        Assert.Contains("'=' is not a token of this task", Flat(text), StringComparison.Ordinal);
        (code, text) = Cli.Run("cache", "--model", dir, "--tokens", "3 5 7", "--labels", "=", "--out", byId);
        Assert.Equal(2, code);
        Assert.Contains("not a non-negative integer", Flat(text), StringComparison.Ordinal);
    }

    [Fact]
    public void TokenIdsAndLabelsOutsideTheModelAreRefused()
    {
        string dir = TinyRun();
        var (code, text) = Cli.Run("cache", "--model", dir, "--tokens", "3 5 8", "--out", Path.Combine(dir, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("Token id 8 (sequence 0, position 2) is outside the vocabulary 0..7", Flat(text), StringComparison.Ordinal);
        (code, text) = Cli.Run("cache", "--model", dir, "--tokens", "3 5 7", "--labels", "7", "--grads", "--out", Path.Combine(dir, "y.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("Label 7 is outside the model's outputs 0..6", Flat(text), StringComparison.Ordinal);
    }

    [Fact]
    public void GradsCoverEveryCachedActivationAndAgreeWithTheParameterGradients()
    {
        string dir = TinyRun();
        string path = Path.Combine(dir, "g.safetensors");
        var (code, text) = Cli.Run("cache", "--model", dir, "--input", "3 5 =; 1 2 =; 3 3 =", "--labels", "1 3 6", "--grads", "--out", path);
        Assert.True(code == 0, text);
        var file = SafetensorsFile.Load(path);
        var hooks = file.Names.Where(n => n.Contains("hook_", StringComparison.Ordinal) && !n.StartsWith("grad.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(hooks);
        foreach (string hook in hooks)
        {
            Assert.True(file.Contains("grad." + hook), $"no grad.{hook}");
            Assert.Equal(file[hook].Shape, file["grad." + hook].Shape);
        }

        // Independent relations: W_E's gradient row t is the sum of hook_embed's gradient where token t
        // stands; W_pos's row p the sum over sequences of hook_pos_embed's gradient at p.
        int[] tokens = [3, 5, 7, 1, 2, 7, 3, 3, 7];
        var gEmbed = file["grad.hook_embed"].ToFloat32();      // [3, 3, d_model]
        var gPos = file["grad.hook_pos_embed"].ToFloat32();
        var gWE = file["grad.embed.W_E"].ToFloat32();           // [8, d_model]
        var gWPos = file["grad.pos_embed.W_pos"].ToFloat32();   // [n_ctx, d_model]
        int d = 16;
        for (int t = 0; t < 8; t++)
        {
            for (int j = 0; j < d; j++)
            {
                double sum = Enumerable.Range(0, 9).Where(i => tokens[i] == t).Sum(i => (double)gEmbed[i * d + j]);
                Assert.Equal(sum, gWE[t * d + j], 5);
            }
        }
        for (int p = 0; p < 3; p++)
        {
            for (int j = 0; j < d; j++)
            {
                Assert.Equal(Enumerable.Range(0, 3).Sum(b => (double)gPos[(b * 3 + p) * d + j]), gWPos[p * d + j], 5);
            }
        }
        Assert.Contains(gEmbed, v => v != 0);
    }
}
