using System.Globalization;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Logic;

/// <summary>
/// Problem 3.10 of the seed (graph problems): a shortest path in a small random undirected graph.
/// An example lists the graph's edges, then a query: <c>0-3 2-5 1-3 | 0 5</c> is the graph with
/// edges 0–3, 2–5 and 1–3 and asks for the distance from 0 to 5 (here none: the two are not
/// connected). The distance (in edges) is read at the last position. With <c>path = true</c> the
/// path itself is predicted instead: the query is followed by the vertices of the path after the
/// source, ending with the target (<c>0-1 1-2 0-3 2-3 | 0 2 1 2</c>), each predicted at the
/// position before it, and <c>END</c> is predicted at the target's second occurrence.
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
/// <para>
/// A pair often has several shortest paths; the task's answer is the lexicographically smallest
/// (compared vertex by vertex as numbers), so that exact match is well defined: from each vertex
/// the path steps to the smallest-numbered neighbour that is one edge closer to the target. With
/// <c>unreachable = class</c> a pair without a path has the empty path: <c>END</c> right after the
/// query. Path examples differ in length and are padded with <c>PAD</c>.
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

    /// <summary>The class after a path's last vertex (path = true).</summary>
    public const string End = "END";

    /// <summary>The padding token of path examples (path = true), which differ in length.</summary>
    public const string Pad = "PAD";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("vertices", "8", "vertices of the graph, 2..30"),
        new("edges", "10", "edges of the graph, 1..vertices·(vertices-1)/2"),
        new("unreachable", "exclude", "exclude: only pairs with a path are asked; class: any pair, and those without a path are answered 'none' (with path=true: END at once)"),
        new("path", "false", "true: predict the vertices of the lexicographically smallest shortest path after the source, then END, instead of the distance"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "distance (or, with path=true, a shortest path) between two vertices of a small random graph given as an edge list", Options, "3.10"),
        settings => new ShortestPathTask(new TaskSettingsReader(TaskName, Options, settings)));

    private ShortestPathTask(TaskSettingsReader options)
        : this(options.Int("vertices", 2, 30), options.Int("edges", 1, 435), options.Choice("unreachable", "exclude", "class") == "class", options.Bool("path"), options)
    {
    }

    private ShortestPathTask(int vertices, int edges, bool unreachableClass, bool predictPath, TaskSettingsReader options)
        : base(
            InputVocabulary(vertices, predictPath),
            edges + 3 + (predictPath ? LongestPath(vertices, edges) : 0),
            options.Settings,
            new TaskVocabulary(predictPath ? [.. VertexNames(vertices), End] : DistanceNames(vertices, unreachableClass)))
    {
        if (edges > vertices * (vertices - 1) / 2)
        {
            throw options.Conflict($"edges = {edges} is more than a simple graph on {vertices} vertices has ({vertices * (vertices - 1) / 2}); lower edges or raise vertices.");
        }
        Vertices = vertices;
        Edges = edges;
        UnreachableClass = unreachableClass;
        PredictPath = predictPath;
        Metrics = predictPath ? [TaskMetric.Accuracy, TaskMetric.ExactMatch] : [TaskMetric.Accuracy];
    }

    /// <summary>Creates the task.</summary>
    public static ShortestPathTask Create(int vertices = 8, int edges = 10, bool unreachableClass = false, bool predictPath = false) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["vertices"] = vertices.ToString(CultureInfo.InvariantCulture),
            ["edges"] = edges.ToString(CultureInfo.InvariantCulture),
            ["unreachable"] = unreachableClass ? "class" : "exclude",
            ["path"] = predictPath ? "true" : "false",
        }));

    /// <summary>Vertices per graph.</summary>
    public int Vertices { get; }

    /// <summary>Edges per graph.</summary>
    public int Edges { get; }

    /// <summary>Whether unconnected pairs are asked, with the answer <see cref="NoPath"/>.</summary>
    public bool UnreachableClass { get; }

    /// <summary>Whether the path's vertices are predicted (path = true) rather than its length.</summary>
    public bool PredictPath { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"{(PredictPath ? "lexicographically smallest shortest path" : "distance")} between two vertices of a random graph with {Vertices} vertices and {Edges} edges ({(UnreachableClass ? (PredictPath ? "END at once" : "'none'") + " when unconnected" : "connected pairs only")})";

    /// <summary>
    /// Accuracy of the one class per sequence for distances (exact match would say the same); for
    /// paths also exact match, the share of queries whose whole path and END are right.
    /// </summary>
    public override IReadOnlyList<TaskMetric> Metrics { get; }

    /// <summary>
    /// The answer by breadth-first search from the source over the edges read from the edge tokens'
    /// names, neighbours taken in increasing order, each vertex remembering the vertex it was first
    /// reached from. The distance is read at the query's last position. For paths, the first-reached
    /// links spell the lexicographically smallest shortest path (the search reaches the vertices of
    /// each distance in the order of their smallest paths), read at the query's target and at each
    /// path vertex given after it; the input may hold any prefix of that path (a prompt, or a
    /// model's partial answer), and only its length is used.
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        string[] names = Vocabulary.ToStrTokens(input);
        int queryEnd = Edges + 3;
        if (names.Length < queryEnd || names.Length > SequenceLength || (!PredictPath && names.Length != queryEnd)
            || names[Edges] != Query || names.Take(Edges).Any(n => !n.Contains('-'))
            || names.Skip(Edges + 1).Any(n => !IsVertex(n)) || names[Edges + 1] == names[Edges + 2])
        {
            throw new ArgumentException(PredictPath
                ? $"A shortest-path example is {Edges} edge tokens (such as 0-3), '{Query}', two different vertices, then up to {SequenceLength - queryEnd} path vertices; got '{string.Join(" ", names)}'."
                : $"A shortest-path example is {Edges} edge tokens (such as 0-3), '{Query}', then two different vertices; got '{string.Join(" ", names)}'.");
        }
        var neighbours = new SortedSet<int>[Vertices];
        for (int v = 0; v < Vertices; v++)
        {
            neighbours[v] = [];
        }
        foreach (string edge in names.Take(Edges))
        {
            int[] ends = Array.ConvertAll(edge.Split('-'), e => int.Parse(e, CultureInfo.InvariantCulture));
            neighbours[ends[0]].Add(ends[1]);
            neighbours[ends[1]].Add(ends[0]);
        }
        int source = int.Parse(names[Edges + 1], CultureInfo.InvariantCulture), destination = int.Parse(names[Edges + 2], CultureInfo.InvariantCulture);
        var reachedFrom = new int?[Vertices];
        reachedFrom[source] = source;
        var frontier = new Queue<int>([source]);
        while (frontier.TryDequeue(out int u))
        {
            foreach (int v in neighbours[u].Where(v => reachedFrom[v] is null))
            {
                reachedFrom[v] = u;
                frontier.Enqueue(v);
            }
        }
        bool connected = reachedFrom[destination] is not null;
        if (!connected && !UnreachableClass)
        {
            throw new ArgumentException($"No path joins {source} and {destination}, and this task (unreachable = exclude) never asks for such a pair.");
        }
        var path = new List<int>(); // the vertices after the source, target last
        for (int v = destination; connected && v != source; v = reachedFrom[v]!.Value)
        {
            path.Insert(0, v);
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        if (!PredictPath)
        {
            answer[^1] = OutputVocabulary.Id(connected ? path.Count.ToString(CultureInfo.InvariantCulture) : NoPath);
            return answer;
        }
        if (names.Length - queryEnd > path.Count)
        {
            throw new ArgumentException($"The shortest path from {source} to {destination} has {path.Count} vertices after the source, but the input gives {names.Length - queryEnd}: '{string.Join(" ", names[queryEnd..])}'.");
        }
        string[] classes = [.. path.Select(v => v.ToString(CultureInfo.InvariantCulture)), End];
        for (int position = queryEnd - 1; position < names.Length; position++)
        {
            answer[position] = OutputVocabulary.Id(classes[position - queryEnd + 1]);
        }
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
        var edgeTokens = new int[Edges];
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
            edgeTokens[e] = Vertices + order[e];
            distance[u, v] = distance[v, u] = 1;
        }
        bool[,] adjacent = new bool[Vertices, Vertices];
        for (int u = 0; u < Vertices; u++)
        {
            for (int v = 0; v < Vertices; v++)
            {
                adjacent[u, v] = distance[u, v] == 1;
            }
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
        bool connected = distance[source, destination] < unconnected;
        int[] query = [.. edgeTokens, Vertices + pairs.Count, source, destination]; // the query token follows the vertices and the edges
        if (!PredictPath)
        {
            var target = new int[query.Length];
            Array.Fill(target, -1);
            target[^1] = connected ? distance[source, destination] - 1 : Vertices - 1;
            return new TokenExample(query, target);
        }
        // The smallest path, one step at a time: the smallest neighbour one edge closer to the target.
        var path = new List<int>();
        for (int at = source; connected && at != destination;)
        {
            at = Enumerable.Range(0, Vertices).First(v => adjacent[at, v] && distance[v, destination] == distance[at, destination] - 1);
            path.Add(at);
        }
        int[] input = [.. query, .. path];
        int[] classes = [.. path, Vertices]; // vertex v is class v; END follows the vertices
        var targets = new int[input.Length];
        Array.Fill(targets, -1);
        classes.CopyTo(targets, query.Length - 1);
        return new TokenExample(input, targets);
    }

    private bool IsVertex(string name) => !name.Contains('-') && name != Query && name != Pad;

    // A shortest path visits each vertex at most once and uses at most every edge.
    private static int LongestPath(int vertices, int edges) => Math.Min(vertices - 1, edges);

    private static TaskVocabulary InputVocabulary(int vertices, bool predictPath) => predictPath
        ? new TaskVocabulary([.. VertexNames(vertices), .. EdgeNames(vertices), Query, Pad], Pad)
        : new TaskVocabulary([.. VertexNames(vertices), .. EdgeNames(vertices), Query]);

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
