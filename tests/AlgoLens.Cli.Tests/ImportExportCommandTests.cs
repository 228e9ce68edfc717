using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

public class ImportExportCommandTests
{
    private static string Pt(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pt", file);

    [Fact]
    public void AnImportedCheckpointRunsThroughCache()
    {
        string dir = Cli.NewDirectory();
        string weights = Path.Combine(dir, "tiny.safetensors");
        var (code, text) = Cli.Run("import", Pt("tiny_nested.pt"), "--config", Pt("tiny.config.json"), "--out", weights);
        Assert.True(code == 0, text);
        Assert.Contains("read the state dict under 'model'", text, StringComparison.Ordinal);
        Assert.Contains("converted to float32", text, StringComparison.Ordinal);
        (code, text) = Cli.Run("cache", "--model", weights, "--config", Pt("tiny.config.json"), "--tokens", "1 2 3", "--out", Path.Combine(dir, "acts.safetensors"));
        Assert.True(code == 0, text);
        Assert.Equal([1, 3, 5], SafetensorsFile.Load(Path.Combine(dir, "acts.safetensors"))["logits"].Shape);
    }

    [Fact]
    public void AMaliciousCheckpointIsBadInputNamingTheClass()
    {
        const string marker = "/tmp/algolens-pt-fixture-pwned";
        if (File.Exists(marker))
        {
            File.Delete(marker);
        }
        string output = Path.Combine(Cli.NewDirectory(), "x.safetensors");
        var (code, text) = Cli.Run("import", Pt("malicious_os_system.pt"), "--config", Pt("tiny.config.json"), "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("posix.system", text, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("tiny_state_dict.pt", "grokking", "does not match the weights")]
    [InlineData("truncated", "tiny", "truncated")]
    [InlineData("tiny_state_dict.pt", "missing", "no file at")]
    public void BadInputIsExitCodeTwoWithTheReason(string checkpoint, string config, string expected)
    {
        string dir = Cli.NewDirectory();
        Directory.CreateDirectory(dir);
        if (checkpoint == "truncated")
        {
            checkpoint = Path.Combine(dir, "t.pt");
            File.WriteAllBytes(checkpoint, File.ReadAllBytes(Pt("tiny_state_dict.pt"))[..1000]);
        }
        else
        {
            checkpoint = Pt(checkpoint);
        }
        string configPath = config switch
        {
            "grokking" => Cli.Fixture("grokking.config.json"),
            "tiny" => Pt("tiny.config.json"),
            _ => Path.Combine(dir, "none.json"),
        };
        var (code, text) = Cli.Run("import", checkpoint, "--config", configPath, "--out", Path.Combine(dir, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains(expected, text.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public void AnExportedCheckpointReadsBackWithItsConfig()
    {
        string run = Cli.NewDirectory();
        var model = new HookedTransformerConfig { NLayers = 1, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32 };
        var training = new TrainingConfig { Steps = 20, CheckpointEvery = 10, LogEvery = 10 };
        new Trainer(TaskRegistry.Create("add", new TaskOptions { P = 7 }), model, training).Run(run);
        string weights = Path.Combine(Cli.NewDirectory(), "add7.safetensors");
        var (code, text) = Cli.Run("export", run, "--step", "10", "--out", weights);
        Assert.True(code == 0, text);
        string config = Path.ChangeExtension(weights, null) + ".config.json";
        Assert.True(File.Exists(config), text);
        (code, text) = Cli.Run("cache", "--model", weights, "--config", config, "--tokens", "1 2 7", "--out", Path.Combine(Path.GetDirectoryName(weights)!, "acts.safetensors"));
        Assert.True(code == 0, text);
        var original = new CheckpointStore(Path.Combine(run, "checkpoints")).LoadModel(10);
        var exported = ModelFile.LoadModel(weights);
        Assert.All(original.Parameters.Names, name => Assert.Equal(original.Parameters[name].Data, exported.Parameters[name].Data));
    }

    [Fact]
    public void ExportingFromAFolderThatIsNotARunIsBadInput()
    {
        var (code, text) = Cli.Run("export", Cli.NewDirectory(), "--step", "3");
        Assert.Equal(2, code);
        Assert.Contains("No run folder", text, StringComparison.Ordinal);
    }
}
