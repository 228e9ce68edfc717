using System.Text.Json.Nodes;
using AlgoLens.IO;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>The general workbench through the command line: other model kinds, task options, readable inputs, JSON evaluation.</summary>
public class WorkbenchCommandTests
{
    [Fact]
    public void AnMlpTrainsOnAddAndEvalPrintsJson()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", "--model", "mlp", "--model-option", "d_hidden=32", "--task", "add", "--p", "7", "--frac", "0.5",
            "--steps", "20", "--log-every", "10", "--checkpoint-every", "10", "--out", dir, "-q"]);
        Assert.True(code == 0, output);
        Assert.Equal("mlp", RunInfo.Load(dir).ModelKind);

        (code, output) = Cli.Run(["eval", dir, "--json"]);
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(20, json["step"]!.GetValue<int>());
        Assert.Equal(24, json["splits"]!["train"]!["examples"]!.GetValue<int>());
        Assert.InRange(json["splits"]!["test"]!["accuracy"]!.GetValue<double>(), 0, 1);
        Assert.True(double.IsFinite(json["splits"]!["test"]!["loss"]!.GetValue<double>()));
    }

    [Fact]
    public void AToyModelTrainsOnSampledFeaturesWithTaskOptions()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", "--model", "toy-superposition", "--model-option", "d_hidden=2", "--task", "sparse-features",
            "--task-option", "n_features=4", "--task-option", "n_instances=3", "--batch-size", "64", "--test-examples", "128",
            "--steps", "20", "--log-every", "10", "--checkpoint-every", "10", "--out", dir, "-q"]);
        Assert.True(code == 0, output);
        var rows = MetricsLog.Read(dir);
        Assert.Equal("step,train_loss,train_mse,test_loss,test_mse,sum_squared_weights,learning_rate,elapsed_seconds", rows[0].Header);
        Assert.Equal("4", RunInfo.Load(dir).TaskSettings["n_features"]);
    }

    [Fact]
    public void UnknownModelOptionsAndKindsAreRefusedByName()
    {
        var (code, output) = Cli.Run(["train", "--model", "mlp", "--model-option", "d_hiddden=3", "--steps", "1", "--out", Cli.NewDirectory(), "-q"]);
        Assert.NotEqual(0, code);
        Assert.Contains("d_hiddden", output);
        (code, output) = Cli.Run(["train", "--model", "lstm", "--steps", "1", "--out", Cli.NewDirectory(), "-q"]);
        Assert.NotEqual(0, code);
        Assert.Contains("Unknown model kind 'lstm'", output);
    }

    [Fact]
    public void CacheReadsReadableInputWithTheRunsTask()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", "--preset", "small", "--p", "7", "--d-model", "16", "--n-heads", "2", "--d-head", "8", "--d-mlp", "16",
            "--steps", "2", "--out", dir, "-q"]);
        Assert.True(code == 0, output);
        string acts = Path.Combine(dir, "acts.safetensors");
        (code, output) = Cli.Run(["cache", "--model", dir, "--input", "3 5 =; 6 6 =", "--out", acts, "--names", "pattern"]);
        Assert.True(code == 0, output);
        var file = SafetensorsFile.Load(acts);
        Assert.Equal([3L, 5, 7, 6, 6, 7], file["tokens"].ToInt64());
        Assert.Equal([2, 2, 3, 3], file["blocks.0.attn.hook_pattern"].Shape);

        (code, output) = Cli.Run(["cache", "--model", dir, "--input", "3 5 equals", "--out", acts]);
        Assert.NotEqual(0, code);
        Assert.Contains("'equals' is not a token", output);
    }
}
