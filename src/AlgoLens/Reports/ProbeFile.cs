using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlgoLens.Reports;

/// <summary>One probe of a <see cref="ProbeFile"/>: its layer (null outside the blocks), hook and scores (NaN for null).</summary>
/// <param name="Layer">The block, or null.</param>
/// <param name="FullName">The full name of the hook read.</param>
/// <param name="Train">Train accuracy or R².</param>
/// <param name="Test">Test accuracy or R².</param>
/// <param name="ControlTest">The control task's test accuracy or R².</param>
/// <param name="Selectivity">Test − control test.</param>
public sealed record ProbeFileEntry(int? Layer, string FullName, double Train, double Test, double ControlTest, double Selectivity);

/// <summary>
/// A probe result read back from RUN_DIR/analysis/probe-*.json (written by <c>algolens probe</c>),
/// checked field by field so that a damaged file is reported with the field at fault.
/// </summary>
/// <param name="Feature">The task feature probed.</param>
/// <param name="Score">"accuracy" or "r2".</param>
/// <param name="Step">The checkpoint's step.</param>
/// <param name="Examples">Examples run through the model.</param>
/// <param name="Rows">Probe rows.</param>
/// <param name="Probes">The probes, in layer order.</param>
public sealed record ProbeFile(string Feature, string Score, int Step, int Examples, int Rows, IReadOnlyList<ProbeFileEntry> Probes)
{
    /// <summary>The probe files of a run, in name order.</summary>
    public static IReadOnlyList<string> PathsOf(string runDirectory)
    {
        string folder = Path.Combine(runDirectory, "analysis");
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "probe-*.json").Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>Parses and checks a probe file's JSON.</summary>
    /// <exception cref="FormatException">The text is not a probe result; the message names the field.</exception>
    public static ProbeFile Parse(string json)
    {
        var o = AnalysisJson.ParseObject(json);
        string score = Text(o, "score", "the file");
        if (score is not ("accuracy" or "r2"))
        {
            throw new FormatException($"the file has \"score\": \"{score}\", not accuracy or r2");
        }
        var probes = o["probes"] as JsonArray ?? throw new FormatException("it has no \"probes\" array");
        var entries = new List<ProbeFileEntry>();
        for (int i = 0; i < probes.Count; i++)
        {
            string where = $"probes[{i}]";
            if (probes[i] is not JsonObject p)
            {
                throw new FormatException($"{where} is not an object");
            }
            int? layer = p["layer"] is null ? null : Whole(p, "layer", where);
            entries.Add(new ProbeFileEntry(layer, Text(p, "hook", where), Number(p, $"train_{score}", where), Number(p, $"test_{score}", where),
                Number(p, $"control_test_{score}", where), Number(p, "selectivity", where)));
        }
        if (entries.Count == 0)
        {
            throw new FormatException("its \"probes\" array is empty");
        }
        return new ProbeFile(Text(o, "feature", "the file"), score, Whole(o, "step", "the file"), Whole(o, "examples", "the file"), Whole(o, "rows", "the file"), entries);
    }

    private static string Text(JsonObject o, string name, string where) =>
        o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : throw new FormatException($"{where} has no string \"{name}\"");

    private static int Whole(JsonObject o, string name, string where) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) && i >= 0
            ? i
            : throw new FormatException($"{where} has no whole number ≥ 0 \"{name}\"");

    // null → NaN (an undefined score); absent or not a number → an error.
    private static double Number(JsonObject o, string name, string where)
    {
        if (!o.ContainsKey(name))
        {
            throw new FormatException($"{where} has no \"{name}\"");
        }
        return o[name] switch
        {
            null => double.NaN,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            var node => throw new FormatException($"{where} has \"{name}\": {node.ToJsonString()}, not a number or null"),
        };
    }
}
