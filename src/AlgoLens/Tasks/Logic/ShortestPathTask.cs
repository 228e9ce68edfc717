using System.Globalization;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Logic;

/// <summary>
/// Problem 3.10 of the seed (graph problems): the length of a shortest path in a small random
/// undirected graph. An example lists the graph's edges, then a query: <c>0 3 2 5 1 3 | 0 5</c> is
/// the graph with edges 0–3, 2–5 and 1–3 and asks for the distance from 0 to 5 (here none: the
/// two are not connected). The distance (in edges) is read at the last position.
/// </summary>
/// <remarks>
/// Graphs are uniform among those with the given number of vertices and edges (G(n, m)), each edge
/// written once, in random order and orientation. The query's two vertices differ. A pair with no
/// path between them is either never asked (<c>unreachable = exclude</c>: the query is uniform among
/// connected pairs) or answered with the class <c>none</c> (<c>unreachable = class</c>: the query is
/// uniform among all pairs).
/// </remarks>
public sealed class ShortestPathTask : TokenSequenceTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "shortest-path";

    /// <summary>The token between the edge list and the query.</summary>
    public const string Query = "|";

    /// <summary>The class of a pair with no path between them (unreachable = class).</summary>
    public const string NoPath = "none";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("vertices", "8", "vertices of the graph, 2..30"),
        new("edges", "10", "edges of the graph, 1..vertices·(vertices-1)/2"),
        new("unreachable", "exclude", "exclude: only pairs with a path are asked; class: any pair, and those without a path are answered 'none'"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "distance between two vertices of a small random graph given as an edge list", Options, "3.10"),
        settings => new ShortestPathTask(new TaskSettingsReader(TaskName, Options, settings)));

    private ShortestPathTask(TaskSettingsReader options)
        : this(options.Int("vertices", 2, 30), options.Int("edges", 1, 435), options.Choice("unreachable", "exclude", "class") == "class", options)
    {
    }

    private ShortestPathTask(int vertices, int edges, bool unreachableClass, TaskSettingsReader options)
        : base(new TaskVocabulary([.. VertexNames(vertices), Query]), 2 * edges + 3, options.Settings, new TaskVocabulary(DistanceNames(vertices, unreachableClass)))
    {
        if (edges > vertices * (vertices - 1) / 2)
        {
            throw options.Conflict($"edges = {edges} is more than a simple graph on {vertices} vertices has ({vertices * (vertices - 1) / 2}); lower edges or raise vertices.");
        }
        Vertices = vertices;
        Edges = edges;
        UnreachableClass = unreachableClass;
    }

    /// <summary>Creates the task.</summary>
    public static ShortestPathTask Create(int vertices = 8, int edges = 10, bool unreachableClass = false) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["vertices"] = vertices.ToString(CultureInfo.InvariantCulture),
            ["edges"] = edges.ToString(CultureInfo.InvariantCulture),
            ["unreachable"] = unreachableClass ? "class" : "exclude",
        }));

    /// <summary>Vertices per graph.</summary>
    public int Vertices { get; }

    /// <summary>Edges per graph.</summary>
    public int Edges { get; }

    /// <summary>Whether unconnected pairs are asked, with the answer <see cref="NoPath"/>.</summary>
    public bool UnreachableClass { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"distance between two vertices of a random graph with {Vertices} vertices and {Edges} edges ({(UnreachableClass ? "'none' when unconnected" : "connected pairs only")})";

    /// <summary>Accuracy of the one class per sequence (exact match would say the same).</summary>
    public override IReadOnlyList<TaskMetric> Metrics { get; } = [TaskMetric.Accuracy];

    /// <summary>The distance found by breadth-first search from the source, at the last position.</summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != SequenceLength || input[2 * Edges] != Vocabulary.Id(Query))
        {
            throw new ArgumentException($"A shortest-path example is {Edges} edges (two vertices each), '{Query}', then two vertices; got '{Vocabulary.ToText(input)}'.");
        }
        var neighbours = Enumerable.Range(0, Vertices).Select(_ => new List<int>()).ToArray();
        for (int e = 0; e < Edges; e++)
        {
            int u = Vertex(input[2 * e]), v = Vertex(input[2 * e + 1]);
            neighbours[u].Add(v);
            neighbours[v].Add(u);
        }
        int source = Vertex(input[^2]), destination = Vertex(input[^1]);
        var distance = new int[Vertices];
        Array.Fill(distance, -1);
        distance[source] = 0;
        var frontier = new Queue<int>([source]);
        while (frontier.TryDequeue(out int u))
        {
            foreach (int v in neighbours[u].Where(v => distance[v] < 0))
            {
                distance[v] = distance[u] + 1;
                frontier.Enqueue(v);
            }
        }
        if (distance[destination] < 0 && !UnreachableClass)
        {
            throw new ArgumentException($"No path joins {source} and {destination}, and this task (unreachable = exclude) never asks for such a pair.");
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        answer[^1] = OutputVocabulary.Id(distance[destination] < 0 ? NoPath : distance[destination].ToString(CultureInfo.InvariantCulture));
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        // A uniform m-subset of the n(n-1)/2 vertex pairs, each written in a random orientation.
        var pairs = new List<(int, int)>();
        for (int u = 0; u < Vertices; u++)
        {
            for (int v = u + 1; v < Vertices; v++)
            {
                pairs.Add((u, v));
            }
        }
        int[] order = rng.Permutation(pairs.Count);
        var input = new int[SequenceLength];
        const int unconnected = int.MaxValue / 2;
        var distance = new int[Vertices, Vertices];
        for (int u = 0; u < Vertices; u++)
        {
            for (int v = 0; v < Vertices; v++)
            {
                distance[u, v] = u == v ? 0 : unconnected;
            }
        }
        for (int e = 0; e < Edges; e++)
        {
            (int u, int v) = pairs[order[e]];
            if (rng.NextInt(2) == 1)
            {
                (u, v) = (v, u);
            }
            (input[2 * e], input[2 * e + 1]) = (u, v);
            distance[u, v] = distance[v, u] = 1;
        }
        // Floyd–Warshall: every pair's distance at once (Answer searches from the source instead).
        for (int w = 0; w < Vertices; w++)
        {
            for (int u = 0; u < Vertices; u++)
            {
                for (int v = 0; v < Vertices; v++)
                {
                    distance[u, v] = Math.Min(distance[u, v], distance[u, w] + distance[w, v]);
                }
            }
        }
        var queries = new List<(int, int)>();
        for (int u = 0; u < Vertices; u++)
        {
            for (int v = 0; v < Vertices; v++)
            {
                if (u != v && (UnreachableClass || distance[u, v] < unconnected))
                {
                    queries.Add((u, v));
                }
            }
        }
        (int source, int destination) = queries[rng.NextInt(queries.Count)];
        input[^3] = Vertices; // the query token follows the vertex ids
        (input[^2], input[^1]) = (source, destination);
        var target = new int[SequenceLength];
        Array.Fill(target, -1);
        target[^1] = distance[source, destination] < unconnected ? distance[source, destination] - 1 : Vertices - 1;
        return new TokenExample(input, target);
    }

    private int Vertex(int token) => token < Vertices
        ? token
        : throw new ArgumentException($"Token '{Vocabulary.Names[token]}' stands where a vertex should.");

    private static string[] VertexNames(int vertices) =>
        Enumerable.Range(0, vertices).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();

    // Distances 1..n-1 are classes 0..n-2; "none" (when asked for) is class n-1.
    private static string[] DistanceNames(int vertices, bool unreachableClass) =>
        [.. Enumerable.Range(1, vertices - 1).Select(d => d.ToString(CultureInfo.InvariantCulture)), .. unreachableClass ? [NoPath] : Array.Empty<string>()];
}
