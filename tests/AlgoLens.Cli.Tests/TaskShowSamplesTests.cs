using System.Text;
using System.Text.Json.Nodes;
using AlgoLens.Cli.Commands;
using AlgoLens.Tasks;

namespace AlgoLens.Cli.Tests;

/// <summary>`tasks show --samples N` is bounded, and draws and writes its examples a chunk at a time (issue 21, item 8).</summary>
public class TaskShowSamplesTests
{
    [Fact]
    public void A_huge_sample_count_is_refused_at_once()
    {
        var (code, output) = Cli.Run("tasks", "show", "sort", "--samples", "100000000");
        Assert.True(code == 2, output);
        string flat = string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--samples 100000000", flat, StringComparison.Ordinal);
        Assert.Contains("at most 1000000", flat, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sort", 3)]
    [InlineData("add", 4)]
    [InlineData("sparse-features", 2)]
    [InlineData("s5_compose", 5)]
    public void The_streamed_json_is_the_json_of_all_examples_at_once(string name, int count)
    {
        var task = TaskRegistry.Create(name, new TaskOptions());
        var info = TaskRegistry.All.First(t => t.Name == task.Name);
        string expected = TaskShowCommand.ToJson(task, info, TaskSamples.Draw(task, count, 7)).ToJsonString(CliJson.Indented);
        using var stream = new MemoryStream();
        TaskShowCommand.WriteJson(stream, task, info, TaskSamples.DrawInChunks(task, count, 7, 1000).Chunks);
        Assert.Equal(expected, Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(["name", "description", "problems", "vocab", "options", "examples"],
            JsonNode.Parse(expected)!.AsObject().Select(kv => kv.Key).Where(k => k is not ("output_vocab" or "features")));
    }

    [Fact]
    public void Chunks_hold_at_most_the_chunk_size_and_are_drawn_only_when_read()
    {
        var task = TaskRegistry.Create("sort", new TaskOptions());
        var (count, chunks) = TaskSamples.DrawInChunks(task, 1_000_000, 0, 1000);
        Assert.Equal(1_000_000, count);
        // Reading two chunks of a million examples draws two thousand.
        Assert.Equal([1000, 1000], chunks.Take(2).Select(c => c.Count));
        (count, chunks) = TaskSamples.DrawInChunks(task, 2500, 0, 1000);
        Assert.Equal(2500, count);
        Assert.Equal([1000, 1000, 500], chunks.Select(c => c.Count));
    }

    [Fact]
    public void An_enumerated_task_shows_at_most_its_examples()
    {
        var task = TaskRegistry.Create("add", new TaskOptions { P = 5 });
        var (count, chunks) = TaskSamples.DrawInChunks(task, 2000, 0, 10);
        Assert.Equal(25, count);
        Assert.Equal([10, 10, 5], chunks.Select(c => c.Count));
    }

    [Fact]
    public void Several_chunks_print_every_example()
    {
        var (code, output) = Cli.Run("tasks", "show", "sort", "--samples", "2500", "--json");
        Assert.True(code == 0, output[..Math.Min(output.Length, 2000)]);
        Assert.Equal(2500, JsonNode.Parse(output)!["examples"]!.AsArray().Count);
    }
}
