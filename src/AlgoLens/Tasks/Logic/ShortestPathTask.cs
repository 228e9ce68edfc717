using System.Globalization;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Logic;

/// <summary>
/// Problem 3.10 of the seed (graph problems): the length of a shortest path in a small random
/// undirected graph. An example lists the graph's edges, then a query: <c>0-3 2-5 1-3 | 0 5</c> is
/// the graph with edges 0–3, 2–5 and 1–3 and asks for the distance from 0 to 5 (here none: the
/// two are not connected). The distance (in edges) is read at the last position.
/// </summary>
/// <remarks>
/// <para>
/// Each edge is one token, named by its two ends, smaller first (<c>0-3</c>), and the query's
/// vertices are tokens of their own. With an edge written as two vertex tokens instead, a model
/// must first learn which neighbouring tokens form an edge and that the orientation means nothing;
/// small transformers trained on that layout did not get past the degree heuristics within ten
/// minutes, so this layout leaves the model only the search itself.
/// </para>
/// <para>
/// Graphs are uniform among those with the given number of vertices and edges (G(n, m)), their
/// edges listed in random order. The query's two vertices differ. A pair with no
/// path between them is either never asked (<c>unreachable = exclude</c>: the query is uniform among
/// connected pairs) or answered with the class <c>none</c> (<c>unreachable = class</c>: the query is
/// uniform among all pairs).
/// </para>
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
        : base(new TaskVocabulary([.. VertexNames(vertices), .. EdgeNames(vertices), Query]), edges + 3, options.Settings, new TaskVocabulary(DistanceNames(vertices, unreachableClass)))
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

    /// <summary>
    /// The distance found by breadth-first search from the source over the edges read from the
    /// edge tokens' names, at the last position.
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        string[] names = Vocabulary.ToStrTokens(input);
        if (names.Length != SequenceLength || names[Edges] != Query || names.Take(Edges).Any(n => !n.Contains('-')) || names[^2..].Any(n => n.Contains('-') || n == Query) || names[^2] == names[^1])
        {
            throw new ArgumentException($"A shortest-path example is {Edges} edge tokens (such as 0-3), '{Query}', then two different vertices; got '{string.Join(" ", names)}'.");
        }
        var neighbours = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string edge in names.Take(Edges))
        {
            string[] ends = edge.Split('-');
            foreach ((string from, string to) in new[] { (ends[0], ends[1]), (ends[1], ends[0]) })
            {
                if (!neighbours.TryGetValue(from, out var list))
                {
                    neighbours[from] = list = [];
                }
                list.Add(to);
            }
        }
        string source = names[^2], destination = names[^1];
        var distance = new Dictionary<string, int>(StringComparer.Ordinal) { [source] = 0 };
        var frontier = new Queue<string>([source]);
        while (frontier.TryDequeue(out string? u))
        {
            foreach (string v in neighbours.GetValueOrDefault(u, []).Where(v => !distance.ContainsKey(v)))
            {
                distance[v] = distance[u] + 1;
                frontier.Enqueue(v);
            }
        }
        bool connected = distance.TryGetValue(destination, out int steps);
        if (!connected && !UnreachableClass)
        {
            throw new ArgumentException($"No path joins {source} and {destination}, and this task (unreachable = exclude) never asks for such a pair.");
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        answer[^1] = OutputVocabulary.Id(connected ? steps.ToString(CultureInfo.InvariantCulture) : NoPath);
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        // A uniform m-subset of the n(n-1)/2 vertex pairs; pair number p is token n + p (EdgeNames's order).
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
            input[e] = Vertices + order[e];
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
        input[^3] = Vertices + pairs.Count; // the query token follows the vertices and the edges
        (input[^2], input[^1]) = (source, destination);
        var target = new int[SequenceLength];
        Array.Fill(target, -1);
        target[^1] = distance[source, destination] < unconnected ? distance[source, destination] - 1 : Vertices - 1;
        return new TokenExample(input, target);
    }

    private static string[] VertexNames(int vertices) =>
        Enumerable.Range(0, vertices).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();

    // Every pair u < v as "u-v", u-major (the order Draw numbers its pairs in).
    private static IEnumerable<string> EdgeNames(int vertices)
    {
        for (int u = 0; u < vertices; u++)
        {
            for (int v = u + 1; v < vertices; v++)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{u}-{v}");
            }
        }
    }

    // Distances 1..n-1 are classes 0..n-2; "none" (when asked for) is class n-1.
    private static string[] DistanceNames(int vertices, bool unreachableClass) =>
        [.. Enumerable.Range(1, vertices - 1).Select(d => d.ToString(CultureInfo.InvariantCulture)), .. unreachableClass ? [NoPath] : Array.Empty<string>()];
}
