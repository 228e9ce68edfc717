using System.Text.Json.Nodes;

namespace AlgoLens.Cli.Tests;

public sealed class TasksCommandTests
{
    [Fact]
    public void ShowPrintsVocabularyOptionsAndExamplesAsJson()
    {
        var (code, output) = Cli.Run(["tasks", "show", "add", "--p", "7", "--samples", "4", "--seed", "3", "--json"]);
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!;
        Assert.Equal("add", (string?)json["name"]);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "="], json["vocab"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("7", (string?)json["options"]!["p"]);
        var examples = json["examples"]!.AsArray();
        Assert.Equal(4, examples.Count);
        foreach (var example in examples)
        {
            var input = example!["input"]!.AsArray().Select(n => (string)n!).ToArray();
            Assert.Equal("=", input[2]);
            int expected = (int.Parse(input[0]) + int.Parse(input[1])) % 7;
            Assert.Equal(expected.ToString(), (string?)example["target"]![0]);
            Assert.Equal(2, (int)example["loss_positions"]![0]!);
        }
        // The same seed shows the same examples.
        Assert.Equal(output, Cli.Run(["tasks", "show", "add", "--p", "7", "--samples", "4", "--seed", "3", "--json"]).Output);
    }

    [Fact]
    public void ShowRefusesAnUnknownTaskOrOptionByName()
    {
        var (code, output) = Cli.Run(["tasks", "show", "ad"]);
        Assert.Equal(2, code);
        Assert.Contains("Did you mean 'add'?", output);
        (code, output) = Cli.Run(["tasks", "show", "sparse-features", "--task-option", "n_feature=3"]);
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'n_features'?", string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void TheListingNamesEveryTaskWithItsProblems()
    {
        var (code, output) = Cli.Run(["tasks"]);
        Assert.True(code == 0, output);
        Assert.Contains("s5_compose", output);
        Assert.Contains("3.4", output);
        Assert.Contains("random_labels", output);
    }
}
