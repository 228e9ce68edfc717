using System.Text.Json.Nodes;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

public sealed class PresetsCommandTests
{
    [Fact]
    public void JsonListsEveryPresetWithTheConfigsTrainUses()
    {
        var (code, output) = Cli.Run(["presets", "--json"]);
        Assert.True(code == 0, output);
        var presets = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(Presets.All.Select(p => p.Name), presets.Select(p => (string?)p!["name"]));
        foreach (var json in presets)
        {
            var preset = Presets.Get((string)json!["name"]!);
            Assert.Equal(preset.Task, (string?)json["task"]);
            Assert.Equal(preset.Training.Steps, (int)json["training"]!["steps"]!);
            Assert.Equal(preset.Training.LearningRate, (double)json["training"]!["learning_rate"]!);
            Assert.Equal(preset.Model.Kind == "transformer", json["model"]!["n_heads"] is not null);
        }
        var sort = presets.Single(p => (string?)p!["name"] == "sort")!;
        Assert.Equal("cosine", (string?)sort["training"]!["lr_schedule"]);
        Assert.Equal(2, (int)sort["model"]!["n_heads"]!);
        var repeatEmbedded = presets.Single(p => (string?)p!["name"] == "repeat-embedded")!;
        Assert.Equal("embedded", (string?)repeatEmbedded["task_options"]!["layout"]);
    }

    [Fact]
    public void TheTableSummarisesEachPresetsModelAndTraining()
    {
        var (code, output) = Cli.Run(["presets"]);
        Assert.True(code == 0, output);
        string text = string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        foreach (var preset in Presets.All)
        {
            Assert.Contains(preset.Name, text);
        }
        Assert.Contains("sparse-parity", text);
        Assert.Contains("mlp:", text);
    }
}
