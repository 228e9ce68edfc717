using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlgoLens.Reports;

/// <summary>
/// One effect of a patching sweep as RUN_DIR/analysis/patching-METHOD.json stores it (written by
/// <c>algolens patch</c>): a head (layer and head), an MLP (layer only), or the residual stream
/// entering a layer at one position (layer and position). NaN stands for JSON's null.
/// </summary>
/// <param name="Component">The label ("L0H1", "L0 mlp", "resid_pre L1 pos 3").</param>
/// <param name="Layer">The block, or null.</param>
/// <param name="Head">The head, or null.</param>
/// <param name="Position">The position, or null for every position.</param>
/// <param name="Value">The patched metric.</param>
/// <param name="Normalized">(value − corrupt) / (clean − corrupt).</param>
public sealed record PatchingFileEffect(string Component, int? Layer, int? Head, int? Position, double Value, double Normalized);

/// <summary>
/// A patching sweep read back from RUN_DIR/analysis/patching-METHOD.json, checked field by field
/// so that a damaged file is reported with the field at fault instead of drawn wrong.
/// </summary>
/// <param name="Method">activation, attribution or path.</param>
/// <param name="Metric">logit-diff, loss or prob.</param>
/// <param name="Step">The checkpoint's step, if written.</param>
/// <param name="Position">The position the metric reads, if written.</param>
/// <param name="Answer">The answer token of each sequence, if written.</param>
/// <param name="Wrong">The wrong token of each sequence (logit-diff), or null.</param>
/// <param name="Receivers">Path patching's receivers, or null.</param>
/// <param name="MetricClean">The metric of the clean run (NaN for null).</param>
/// <param name="MetricCorrupt">The metric of the corrupt run (NaN for null).</param>
/// <param name="Effects">The effects in file order.</param>
public sealed record PatchingFile(string Method, string Metric, int? Step, int? Position, IReadOnlyList<int>? Answer, IReadOnlyList<int>? Wrong,
    IReadOnlyList<string>? Receivers, double MetricClean, double MetricCorrupt, IReadOnlyList<PatchingFileEffect> Effects)
{
    /// <summary>The methods <c>algolens patch</c> writes, in the order the report shows them.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["activation", "attribution", "path"];

    // Layers, heads and positions beyond these are not a model AlgoLens trains: a damaged number,
    // refused before it sizes a grid.
    private const int MaxIndex = 4096;

    /// <summary>RUN_DIR/analysis/patching-<paramref name="method"/>.json.</summary>
    public static string PathOf(string runDirectory, string method) =>
        Path.Combine(runDirectory, "analysis", $"patching-{method}.json");

    /// <summary>Parses and checks the JSON of a patching sweep.</summary>
    /// <exception cref="FormatException">The text is not JSON of the documented shape; the message names the field.</exception>
    public static PatchingFile Parse(string json)
    {
        var o = AnalysisJson.ParseObject(json);
        var effectsNode = o["effects"] as JsonArray ?? throw new FormatException("it has no \"effects\" array");
        var effects = new List<PatchingFileEffect>();
        for (int i = 0; i < effectsNode.Count; i++)
        {
            if (effectsNode[i] is not JsonObject e)
            {
                throw new FormatException($"effects[{i}] is not an object");
            }
            string where = $"effects[{i}]";
            var effect = new PatchingFileEffect(
                RequiredString(e, "component", where), Index(e, "layer", where), Index(e, "head", where), Index(e, "position", where),
                Number(e, "value", where), Number(e, "normalized", where));
            if (effect.Layer is null)
            {
                throw new FormatException($"{where} (\"{effect.Component}\") has no layer");
            }
            effects.Add(effect);
        }
        return new PatchingFile(RequiredString(o, "method", "the file"), RequiredString(o, "metric", "the file"),
            Index(o, "step", "the file", int.MaxValue), Index(o, "position", "the file"), Integers(o, "answer"), Integers(o, "wrong"), Strings(o, "receivers"),
            Number(o, "metric_clean", "the file"), Number(o, "metric_corrupt", "the file"), effects);
    }

    private static string RequiredString(JsonObject o, string name, string where) =>
        o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : throw new FormatException($"{where} has no string \"{name}\"");

    // null or absent → null; otherwise a whole number in [0, max].
    private static int? Index(JsonObject o, string name, string where, int max = MaxIndex)
    {
        var node = o[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) && i >= 0 && i <= max)
        {
            return i;
        }
        throw new FormatException($"{where} has \"{name}\": {node.ToJsonString()}, not null or a whole number from 0 to {max}");
    }

    // null → NaN (the writer's form of an undefined number); absent or not a number → an error.
    private static double Number(JsonObject o, string name, string where)
    {
        if (!o.ContainsKey(name))
        {
            throw new FormatException($"{where} has no \"{name}\"");
        }
        var node = o[name];
        if (node is null)
        {
            return double.NaN;
        }
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.GetValue<double>()
            : throw new FormatException($"{where} has \"{name}\": {node.ToJsonString()}, not a number or null");
    }

    private static int[]? Integers(JsonObject o, string name) =>
        o[name] is JsonArray a && a.All(n => n is JsonValue v && v.TryGetValue(out int _)) ? a.Select(n => n!.GetValue<int>()).ToArray() : null;

    private static string[]? Strings(JsonObject o, string name) =>
        o[name] is JsonArray a && a.All(n => n is JsonValue v && v.TryGetValue(out string? _)) ? a.Select(n => n!.GetValue<string>()).ToArray() : null;
}
