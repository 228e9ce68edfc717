using System.Text.Json.Nodes;
using AlgoLens.Common;

namespace AlgoLens.Analysis.Probes;

/// <summary>
/// A probe as JSON. One probe is <c>{"train_accuracy", "test_accuracy", "control_test_accuracy",
/// "selectivity", ...}</c> (train_r2, test_r2, control_test_r2 for a real feature), then
/// <c>layer</c> (every layer's probe only), <c>hook</c>, <c>feature</c>, <c>kind</c>, <c>step</c>,
/// <c>decay</c>, <c>examples</c>, <c>rows</c>, <c>train_rows</c>, <c>test_rows</c> and
/// <c>positions</c>; <c>algolens probe --all-layers --json</c> prints a list of them, and
/// RUN_DIR/analysis/probe-*.json holds <c>{"feature", "kind", "score", "step", "examples", "rows",
/// "positions", "probes": [...]}</c>. A score that is not a number (R² of constant targets) is null.
/// </summary>
public static class RunProbeJson
{
    /// <summary>What the command prints: one object, or with every layer a list of them.</summary>
    public static JsonNode ToJson(RunProbeResult result, bool allLayers)
    {
        ArgumentNullException.ThrowIfNull(result);
        return allLayers
            ? new JsonArray([.. result.Probes.Select(p => (JsonNode?)Probe(result, p, withLayer: true))])
            : Probe(result, result.Probes[0], withLayer: false);
    }

    /// <summary>The text of the run's analysis file.</summary>
    public static string ToFileText(RunProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = new JsonObject
        {
            ["feature"] = result.Feature,
            ["kind"] = result.FeatureKind,
            ["score"] = result.ScoreName,
            ["step"] = result.Step,
            ["examples"] = result.Examples,
            ["rows"] = result.Rows,
            ["positions"] = Positions(result),
            ["probes"] = new JsonArray([.. result.Probes.Select(p => (JsonNode?)Probe(result, p, withLayer: true))]),
        };
        return json.ToJsonString(JsonFiles.Options);
    }

    private static JsonObject Probe(RunProbeResult result, LayerProbe probe, bool withLayer)
    {
        string score = result.ScoreName;
        var r = probe.Result;
        var json = new JsonObject
        {
            [$"train_{score}"] = Number(r.TrainScore),
            [$"test_{score}"] = Number(r.TestScore),
            [$"control_test_{score}"] = Number(r.ControlTestScore),
            ["selectivity"] = Number(r.Selectivity),
        };
        if (withLayer)
        {
            json["layer"] = probe.Layer;
        }
        json["hook"] = probe.FullName;
        json["feature"] = result.Feature;
        json["kind"] = result.FeatureKind;
        json["step"] = result.Step;
        json["decay"] = Number(r.WeightDecay);
        json["examples"] = result.Examples;
        json["rows"] = result.Rows;
        json["train_rows"] = r.TrainCount;
        json["test_rows"] = r.TestCount;
        json["positions"] = Positions(result);
        return json;
    }

    private static JsonArray Positions(RunProbeResult result) => new([.. result.Positions.Select(p => (JsonNode?)p)]);

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
