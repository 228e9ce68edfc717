using AlgoLens.Tasks.Logic;
using static AlgoLens.Tests.Tasks.Logic.LogicTaskChecks;

namespace AlgoLens.Tests.Tasks.Logic;

public sealed class ShortestPathTaskTests
{
    [Fact]
    public void The_answer_is_the_number_of_edges_on_a_shortest_path()
    {
        var path = ShortestPathTask.Create(vertices: 4, edges: 3);
        Assert.Equal("3", AnswerText(path, "0-1 1-2 2-3 | 0 3")[^1]);
        Assert.Equal("1", AnswerText(path, "0-1 1-2 2-3 | 2 3")[^1]);

        // A long way round (0-1-2-3-4) and a shortcut (0-5-4): the shortcut counts.
        var cycle = ShortestPathTask.Create(vertices: 6, edges: 6);
        string[] answer = AnswerText(cycle, "0-1 1-2 2-3 3-4 4-5 0-5 | 0 4");
        Assert.Equal("2", answer[^1]);
        Assert.All(answer[..^1], a => Assert.Equal("·", a));
    }

    [Fact]
    public void Unconnected_pairs_are_answered_none_or_refused()
    {
        const string input = "0-3 2-5 1-3 | 0 5";
        Assert.Equal(ShortestPathTask.NoPath, AnswerText(ShortestPathTask.Create(vertices: 6, edges: 3, unreachableClass: true), input)[^1]);
        var exclude = ShortestPathTask.Create(vertices: 6, edges: 3);
        Assert.Throws<ArgumentException>(() => exclude.Answer(exclude.Vocabulary.ToTokens(input)));
    }

    [Fact]
    public void Graphs_have_distinct_edges_and_queries_ask_two_different_vertices()
    {
        var task = ShortestPathTask.Create(vertices: 7, edges: 9, unreachableClass: true);
        int none = 0;
        foreach (var example in Rows(task, 500))
        {
            Assert.Equal(9, example.Input[..9].Distinct().Count());
            Assert.All(task.Vocabulary.ToStrTokens(example.Input[..9]), name => Assert.Matches("^[0-6]-[0-6]$", name));
            Assert.NotEqual(example.Input[^2], example.Input[^1]);
            none += example.Target[^1] == task.OutputVocabulary.Id(ShortestPathTask.NoPath) ? 1 : 0;
        }
        Assert.InRange(none, 1, 499); // sparse graphs leave some pairs apart
    }

    [Theory]
    [InlineData(2, 1, false)]
    [InlineData(5, 2, true)]
    [InlineData(6, 15, false)]
    [InlineData(12, 11, true)]
    [InlineData(12, 11, false)]
    public void The_generator_agrees_with_the_ground_truth_for_other_options(int vertices, int edges, bool unreachableClass)
    {
        GeneratorAgreesWithGroundTruth(ShortestPathTask.Create(vertices, edges, unreachableClass));
    }

    [Fact]
    public void The_path_is_the_lexicographically_smallest_shortest_path_then_end()
    {
        // Two shortest paths from 0 to 2, through 1 and through 3: the one through 1 is the answer.
        var square = ShortestPathTask.Create(vertices: 4, edges: 4, predictPath: true);
        Assert.Equal(["·", "·", "·", "·", "·", "·", "1", "2", ShortestPathTask.End], AnswerText(square, "0-1 1-2 0-3 2-3 | 0 2 1 2"));

        // 0-2-5-3 and 0-4-1-3: the first step decides (2 < 4), though the second of the other is smaller (1 < 5).
        var hexagon = ShortestPathTask.Create(vertices: 6, edges: 6, predictPath: true);
        Assert.Equal(["2", "5", "3", ShortestPathTask.End], AnswerText(hexagon, "0-2 0-4 2-5 1-4 3-5 1-3 | 0 3 2 5 3")[^4..]);

        // A shortcut beats a smaller-numbered long way round: 0-5-4, not 0-1-2-3-4.
        var cycle = ShortestPathTask.Create(vertices: 6, edges: 6, predictPath: true);
        Assert.Equal(["5", "4", ShortestPathTask.End], AnswerText(cycle, "0-1 1-2 2-3 3-4 4-5 0-5 | 0 4 5 4")[^3..]);
    }

    [Fact]
    public void A_path_prompt_gets_the_first_step_and_an_unconnected_pair_gets_end_at_once()
    {
        var square = ShortestPathTask.Create(vertices: 4, edges: 4, predictPath: true);
        Assert.Equal("1", AnswerText(square, "0-1 1-2 0-3 2-3 | 0 2")[^1]);
        Assert.Equal("2", AnswerText(square, "0-1 1-2 0-3 2-3 | 0 2 1")[^1]);

        var apart = ShortestPathTask.Create(vertices: 6, edges: 3, unreachableClass: true, predictPath: true);
        Assert.Equal(ShortestPathTask.End, AnswerText(apart, "0-3 2-5 1-3 | 0 5")[^1]);
        Assert.Throws<ArgumentException>(() => apart.Answer(apart.Vocabulary.ToTokens("0-3 2-5 1-3 | 0 5 5")));
    }

    [Theory]
    [InlineData(8, 10, false)]
    [InlineData(6, 5, true)]
    [InlineData(10, 12, false)]
    [InlineData(5, 10, true)]
    public void Generated_paths_are_shortest_paths_and_agree_with_the_ground_truth(int vertices, int edges, bool unreachableClass)
    {
        var task = ShortestPathTask.Create(vertices, edges, unreachableClass, predictPath: true);
        GeneratorAgreesWithGroundTruth(task);
        var distances = ShortestPathTask.Create(vertices, edges, unreachableClass);
        foreach (var example in Rows(task, 300))
        {
            string[] names = task.Vocabulary.ToStrTokens(example.Input);
            string[] query = names[..(edges + 3)], path = names[(edges + 3)..];
            string distance = AnswerText(distances, string.Join(" ", query))[^1];
            if (distance == ShortestPathTask.NoPath)
            {
                Assert.Empty(path);
                continue;
            }
            // As long as the distance, from a neighbour of the source to the target, each step an edge.
            Assert.Equal(distance, path.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(query[^1], path[^1]);
            string[] walk = [query[^2], .. path];
            for (int i = 1; i < walk.Length; i++)
            {
                int a = int.Parse(walk[i - 1]), b = int.Parse(walk[i]);
                Assert.Contains($"{Math.Min(a, b)}-{Math.Max(a, b)}", query[..edges]);
            }
        }
    }

    [Theory]
    [InlineData("0-1 1-2 0-3 2-3 | 0 2 1 2 3")]
    [InlineData("0-1 1-2 0-3 2-3 | 0 2 PAD")]
    [InlineData("0-1 1-2 0-3 2-3 | 0 2 0-1")]
    [InlineData("0-1 1-2 0-3 | 0 2 1 2")]
    public void Malformed_path_inputs_are_refused(string input)
    {
        var task = ShortestPathTask.Create(vertices: 4, edges: 4, predictPath: true);
        Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(input)));
    }

    [Theory]
    [InlineData("0-1 1-2 | 0 2")]
    [InlineData("0-1 1-2 2-3 0 | 0 2")]
    [InlineData("0-1 1-2 2-3 | 0 2-3")]
    [InlineData("0-1 1-2 2-3 | 2 2")]
    [InlineData("0-1 1-2 2-3 3 0 2")]
    public void Malformed_inputs_are_refused(string input)
    {
        var task = ShortestPathTask.Create(vertices: 4, edges: 3);
        Assert.Throws<ArgumentException>(() => task.Answer(task.Vocabulary.ToTokens(input)));
    }

    [Fact]
    public void Bad_options_are_refused_by_name()
    {
        Assert.Contains("lower edges or raise vertices", RefusedOptions("shortest-path", ("vertices", "4"), ("edges", "7")));
        Assert.Contains("option vertices", RefusedOptions("shortest-path", ("vertices", "1")));
        Assert.Contains("option edges", RefusedOptions("shortest-path", ("edges", "0")));
        Assert.Contains("option unreachable", RefusedOptions("shortest-path", ("unreachable", "maybe")));
        Assert.Contains("option path", RefusedOptions("shortest-path", ("path", "maybe")));
    }
}
