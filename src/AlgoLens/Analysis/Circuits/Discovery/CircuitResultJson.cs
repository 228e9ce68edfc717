using System.Globalization;
using System.Text.Json.Nodes;
using AlgoLens.IO;

namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// A circuit as JSON, the form <c>algolens circuit --json</c> prints and RUN_DIR/analysis/circuit.json
/// holds: <c>{"nodes": [...], "edges": [{"from", "to", "effect"}], "metric_full", "metric_circuit",
/// "metric_empty"}</c>, then <c>metric</c>, <c>method</c>, <c>patch</c>, <c>threshold</c>,
/// <c>step</c>, <c>edges_total</c>, <c>passes</c>, <c>seconds</c>, <c>inputs</c>.
/// </summary>
public static class CircuitResultJson
{
    /// <summary>The JSON of <paramref name="result"/>.</summary>
    public static JsonObject ToJson(CircuitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var nodes = new JsonArray([.. result.Nodes.Select(n => (JsonNode?)JsonValue.Create(n.Name))]);
        var edges = new JsonArray();
        foreach (var e in result.Edges)
        {
            edges.Add(new JsonObject { ["from"] = e.Edge.From.Name, ["to"] = e.Edge.To.Name, ["effect"] = Number(e.Effect) });
        }
        return new JsonObject
        {
            ["nodes"] = nodes,
            ["edges"] = edges,
            ["metric_full"] = Number(result.MetricFull),
            ["metric_circuit"] = Number(result.MetricCircuit),
            ["metric_empty"] = Number(result.MetricEmpty),
            ["metric"] = CircuitMetric.NameOf(result.Options.Metric),
            ["method"] = CircuitDiscoveryOptions.MethodNames[(int)result.Options.Method],
            ["patch"] = CircuitDiscoveryOptions.PatchNames[(int)result.Options.Patch],
            ["threshold"] = result.Options.Threshold,
            ["step"] = result.Step,
            ["edges_total"] = result.EdgesTotal,
            ["passes"] = result.Passes,
            ["seconds"] = Math.Round(result.Seconds, 3),
            ["inputs"] = result.Inputs,
        };
    }

    /// <summary>Writes <paramref name="result"/> to <paramref name="path"/> (folders made as needed), through a temporary file.</summary>
    public static void Write(CircuitResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, ToText(result));
    }

    /// <summary>The circuit as indented JSON text (the form of analysis/circuit.json).</summary>
    public static string ToText(CircuitResult result) =>
        ToJson(result).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    /// <summary>A circuit read back from its JSON, as the report draws it.</summary>
    /// <exception cref="FormatException">The JSON is not a circuit.</exception>
    public static CircuitDrawing Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("A circuit's JSON must be an object.");
        var nodeNames = (root["nodes"] as JsonArray ?? throw new FormatException("The circuit has no 'nodes' list.")).Select(n => n?.GetValue<string>() ?? "").ToList();
        int layers = nodeNames.Concat(["L0H0"]).Where(n => n != "logits").Select(n => CircuitNode.Parse(n, 0).Layer).Max() + 1;
        var nodes = nodeNames.Select(n => CircuitNode.Parse(n, layers)).ToList();
        var edges = (root["edges"] as JsonArray ?? throw new FormatException("The circuit has no 'edges' list.")).Select(e =>
            new CircuitEdgeEffect(
                new CircuitEdge(CircuitNode.Parse(e?["from"]?.GetValue<string>() ?? "", layers), CircuitNode.Parse(e?["to"]?.GetValue<string>() ?? "", layers)),
                e?["effect"]?.GetValue<double>() ?? double.NaN)).ToList();
        double Get(string key) => root[key]?.GetValue<double>() ?? double.NaN;
        string Text(string key) => root[key]?.ToString() ?? "";
        return new CircuitDrawing(nodes, edges, Get("metric_full"), Get("metric_circuit"), Get("metric_empty"),
            Text("metric"), Text("method"), Text("patch"), Get("threshold"), root["step"]?.GetValue<int>(), Text("inputs"));
    }

    // JSON has no NaN: an undefined metric is written as null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}

/// <summary>A circuit as read back from circuit.json: what the report draws.</summary>
/// <param name="Nodes">Its nodes.</param>
/// <param name="Edges">Its edges with their effects.</param>
/// <param name="MetricFull">The full model's metric.</param>
/// <param name="MetricCircuit">The circuit's metric.</param>
/// <param name="MetricEmpty">The empty graph's metric.</param>
/// <param name="Metric">The metric's name.</param>
/// <param name="Method">The method's name.</param>
/// <param name="Patch">The patch's name.</param>
/// <param name="Threshold">τ.</param>
/// <param name="Step">The checkpoint step, if recorded.</param>
/// <param name="Inputs">How the inputs were made.</param>
public sealed record CircuitDrawing(
    IReadOnlyList<CircuitNode> Nodes, IReadOnlyList<CircuitEdgeEffect> Edges, double MetricFull, double MetricCircuit, double MetricEmpty,
    string Metric, string Method, string Patch, double Threshold, int? Step, string Inputs)
{
    /// <summary>A one-line summary, e.g. for a caption.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Method} with {Metric}, τ = {Threshold:G4}, {Patch} patching{(Step is { } s ? $", step {s}" : "")}: {Edges.Count} edges; metric full {MetricFull:G4}, circuit {MetricCircuit:G4}, empty {MetricEmpty:G4}");
}
