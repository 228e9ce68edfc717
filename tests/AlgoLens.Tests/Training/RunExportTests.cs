using System.Text.Json.Nodes;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

public class RunExportTests
{
    private static string TrainedRun()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        return dir;
    }

    [Fact]
    public void TheExportedWeightsAndConfigRebuildTheCheckpoint()
    {
        string run = TrainedRun();
        string weights = Path.Combine(TinyRun.NewDirectory(), "tiny.safetensors");
        var result = RunExport.Export(run, step: 50, weightsPath: weights);
        Assert.Equal(50, result.Step);
        Assert.Equal(Path.ChangeExtension(weights, null) + ".config.json", result.ConfigPath);

        // What Python does: the config from the JSON, the weights by name.
        var config = HookedTransformerConfig.FromJson(File.ReadAllText(result.ConfigPath), result.ConfigPath);
        var exported = ModelFile.Load(weights, config);
        var original = RunFolder.Open(run).LoadModel(50);
        Assert.Equal(original.Parameters.Names, exported.Parameters.Names);
        foreach (string name in original.Parameters.Names)
        {
            Assert.Equal(original.Parameters[name].Data, exported.Parameters[name].Data);
        }
        Assert.Equal("50", SafetensorsFile.Load(weights).Metadata["step"]);
    }

    [Fact]
    public void TheConfigHoldsOnlyTransformerLensFields()
    {
        var config = TinyRun.Model with { NormalizationType = "none", InitScheme = "grokking", DVocabOut = -1, DVocab = 12 };
        var json = JsonNode.Parse(TransformerLensConfig.ToJson(config).Json)!.AsObject();
        Assert.Equal(
            ["n_layers", "d_model", "n_heads", "d_head", "d_mlp", "d_vocab", "d_vocab_out", "n_ctx", "act_fn", "normalization_type", "attn_only", "eps", "attention_dir"],
            json.Select(p => p.Key));
        Assert.Null(json["normalization_type"]);
        Assert.Equal(12, (int)json["d_vocab_out"]!);
        Assert.Empty(TransformerLensConfig.ToJson(config).Notes);
        Assert.Contains("attention_rate 0.5", TransformerLensConfig.ToJson(config with { AttentionRate = 0.5f }).Notes.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingStepOrFolderIsExplained()
    {
        string run = TrainedRun();
        var missing = Assert.Throws<FileNotFoundException>(() => RunExport.Export(run, step: 7, weightsPath: Path.Combine(TinyRun.NewDirectory(), "x.safetensors")));
        Assert.Contains("No checkpoint for step 7", missing.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => RunExport.Export(TinyRun.NewDirectory()));
        var inside = Assert.Throws<ArgumentException>(() => RunExport.Export(run, 50, Path.Combine(run, "checkpoints", "x.safetensors")));
        Assert.Contains("checkpoints/ folder", inside.Message, StringComparison.Ordinal);
    }
}
