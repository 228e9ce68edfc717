using System.Text.Json;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// Hypotheses as JSON. The schema (docs/circuits.md, "Causal scrubbing"):
/// <code>
/// {"name": "my-hypothesis",                       // optional; default: the file's name
///  "description": "...",                          // optional, free text
///  "nodes": [                                     // at least one
///    {"hook": "blocks.1.attn.hook_k",             // a hook of the model, [batch, pos, ...]
///     "head": 0,                                  // optional: one head (hook_q/k/v/z)
///     "positions": [0, 1],                        // optional: default every position; negative from the end
///     "subspace": "all",                          // optional: "all" (default), {"directions": [[...], ...]} or {"fourier": "key" | [k, ...]}
///     "feature": "previous_token"}]}              // token, previous_token, target, input or none
/// </code>
/// Unknown keys, wrong types and values that do not fit are errors that name the node and the fix.
/// </summary>
public static class HypothesisFile
{
    private static readonly string[] TopKeys = ["name", "description", "nodes"];
    private static readonly string[] NodeKeys = ["hook", "head", "positions", "subspace", "feature"];

    /// <summary>Reads a hypothesis file.</summary>
    /// <exception cref="ArgumentException">The file is not valid JSON or does not follow the schema.</exception>
    public static ScrubHypothesis Load(string path, ScrubContext context)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Hypothesis file '{path}' does not exist; give fourier, induction or the path of a JSON file.", path);
        }
        return Parse(File.ReadAllText(path), context, Path.GetFileNameWithoutExtension(path), path);
    }

    /// <summary>Reads a hypothesis from JSON text.</summary>
    /// <exception cref="ArgumentException">Not valid JSON, or not the schema.</exception>
    public static ScrubHypothesis Parse(string json, ScrubContext context, string defaultName = "hypothesis", string source = "the hypothesis")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"{source}: the top level must be an object {{\"name\": ..., \"nodes\": [...]}}.");
            }
            CheckKeys(root, TopKeys, $"{source}");
            string name = root.TryGetProperty("name", out var n) ? String(n, $"{source}: \"name\"") : defaultName;
            if (!root.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array || nodes.GetArrayLength() == 0)
            {
                throw new ArgumentException($"{source}: \"nodes\" must be a non-empty array of nodes {{\"hook\", \"feature\", ...}}.");
            }
            var list = new List<ScrubNode>();
            int index = 0;
            foreach (var node in nodes.EnumerateArray())
            {
                list.Add(Node(node, $"{source}: node {index++}", context));
            }
            return new ScrubHypothesis(name, list);
        }
    }

    private static ScrubNode Node(JsonElement node, string where, ScrubContext context)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"{where} must be an object {{\"hook\", \"feature\", ...}}.");
        }
        CheckKeys(node, NodeKeys, where);
        if (!node.TryGetProperty("hook", out var hook))
        {
            throw new ArgumentException($"{where} has no \"hook\"; name a hook of the model, e.g. \"hook_embed\" or \"blocks.1.attn.hook_k\".");
        }
        if (!node.TryGetProperty("feature", out var feature))
        {
            throw new ArgumentException($"{where} has no \"feature\"; one of {string.Join(", ", ScrubFeatures.ByName.Keys)}.");
        }
        int? head = node.TryGetProperty("head", out var h) && h.ValueKind != JsonValueKind.Null ? Integer(h, $"{where}: \"head\"") : null;
        int[]? positions = null;
        if (node.TryGetProperty("positions", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Array)
            {
                throw new ArgumentException($"{where}: \"positions\" must be an array of integers, e.g. [0, 1].");
            }
            positions = p.EnumerateArray().Select(x => Integer(x, $"{where}: \"positions\"")).ToArray();
        }
        ScrubFeature parsed;
        try
        {
            parsed = ScrubFeatures.Parse(String(feature, $"{where}: \"feature\""));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{where}: {e.Message}", e);
        }
        return new ScrubNode(String(hook, $"{where}: \"hook\""), head, positions, Subspace(node, where, context), parsed);
    }

    private static ScrubSubspace Subspace(JsonElement node, string where, ScrubContext context)
    {
        if (!node.TryGetProperty("subspace", out var s) || s.ValueKind == JsonValueKind.Null)
        {
            return ScrubSubspace.All;
        }
        const string Forms = "\"all\", {\"directions\": [[...], ...]} or {\"fourier\": \"key\" | [k, ...]}";
        if (s.ValueKind == JsonValueKind.String)
        {
            return s.GetString() == "all" ? ScrubSubspace.All : throw new ArgumentException($"{where}: unknown subspace \"{s.GetString()}\"; a subspace is {Forms}.");
        }
        if (s.ValueKind != JsonValueKind.Object || s.EnumerateObject().Count() != 1)
        {
            throw new ArgumentException($"{where}: a subspace is {Forms}.");
        }
        var only = s.EnumerateObject().Single();
        try
        {
            switch (only.Name)
            {
                case "directions":
                    if (only.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new ArgumentException("\"directions\" must be an array of vectors (arrays of numbers).");
                    }
                    return new DirectionSubspace(only.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Array
                        ? (IReadOnlyList<double>)v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetDouble() : throw new ArgumentException("a direction's entries must be numbers.")).ToArray()
                        : throw new ArgumentException("each direction must be an array of numbers.")).ToList());
                case "fourier":
                    IReadOnlyList<int>? frequencies = only.Value.ValueKind switch
                    {
                        JsonValueKind.String when only.Value.GetString() == "key" => null,
                        JsonValueKind.Array => only.Value.EnumerateArray().Select(x => Integer(x, "\"fourier\"")).ToArray(),
                        _ => throw new ArgumentException("\"fourier\" takes \"key\" (the run's key frequencies) or an array of frequencies, e.g. [14, 35]."),
                    };
                    return context.FourierSubspace(frequencies);
                default:
                    throw new ArgumentException($"unknown subspace kind \"{only.Name}\"; a subspace is {Forms}.");
            }
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{where}: {e.Message}", e);
        }
    }

    private static void CheckKeys(JsonElement element, string[] allowed, string where)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new ArgumentException($"{where}: unknown key \"{property.Name}\"; did you mean \"{Common.EditDistance.Closest(property.Name, allowed)}\"? Keys: {string.Join(", ", allowed)}.");
            }
        }
    }

    private static string String(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new ArgumentException($"{where} must be a string.");

    private static int Integer(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value) ? value : throw new ArgumentException($"{where} must be an integer.");
}
