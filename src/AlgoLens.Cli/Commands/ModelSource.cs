using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Cli.Commands;

/// <summary>Resolves --model (a safetensors file, or a run folder's latest checkpoint) and --config.</summary>
internal static class ModelSource
{
    /// <summary>
    /// The model at <paramref name="modelPath"/>; <paramref name="configPath"/> gives a config for
    /// weights that carry none (TransformerLens's field names, or any kind's with "model_kind" set).
    /// </summary>
    public static IModel Load(string modelPath, string? configPath) =>
        ModelFile.LoadModel(ResolveFile(modelPath), configPath is null ? null : ReadConfig(configPath));

    /// <summary>
    /// The config in a JSON file: TransformerLens's field names for a transformer, or any kind's
    /// fields with "model_kind" set.
    /// </summary>
    public static IModelConfig ReadConfig(string configPath)
    {
        if (Directory.Exists(configPath))
        {
            throw new ArgumentException($"--config {configPath} is a folder; pass a model config JSON file (TransformerLens's field names).");
        }
        InputFile.RequireRegular(configPath, "--config");
        string json = File.ReadAllText(configPath);
        string? kind = ReadKind(json, configPath);
        return kind is null
            ? HookedTransformerConfig.FromJson(json, configPath)
            : ModelKinds.ReadConfig(kind, RemoveKind(json), configPath);
    }

    // The optional "model_kind" field, with clear errors for JSON that is broken or not an object
    // (these used to escape as JsonException / InvalidOperationException).
    private static string? ReadKind(string json, string configPath)
    {
        System.Text.Json.Nodes.JsonNode? node;
        try
        {
            node = System.Text.Json.Nodes.JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"{configPath} is not valid JSON ({e.Message}).", e);
        }
        if (node is not System.Text.Json.Nodes.JsonObject config)
        {
            throw new FormatException($"{configPath} must hold a JSON object of config fields (TransformerLens's names).");
        }
        var kind = config["model_kind"];
        if (kind is null)
        {
            return null;
        }
        return kind is System.Text.Json.Nodes.JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw new FormatException($"{configPath}: model_kind must be a string (transformer, mlp or toy-superposition), not {kind.ToJsonString()}.");
    }

    private static string RemoveKind(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("model_kind");
        return node.ToJsonString();
    }

    /// <summary>A file as is; a folder's newest checkpoint under checkpoints/, or its model.safetensors.</summary>
    public static string ResolveFile(string modelPath)
    {
        if (File.Exists(modelPath))
        {
            return modelPath;
        }
        if (Directory.Exists(modelPath))
        {
            string checkpoints = Path.Combine(modelPath, "checkpoints");
            if (Directory.Exists(checkpoints))
            {
                // By step number, not by name: names sort wrongly past step 999,999.
                var steps = new AlgoLens.Training.CheckpointStore(checkpoints).Steps();
                if (steps.Count > 0)
                {
                    return new AlgoLens.Training.CheckpointStore(checkpoints).PathFor(steps[^1]);
                }
            }
            string single = Path.Combine(modelPath, "model.safetensors");
            if (File.Exists(single))
            {
                return single;
            }
            throw new FileNotFoundException($"'{modelPath}' is a folder with no checkpoints/step_*.safetensors and no model.safetensors; pass a weights file or a run folder.");
        }
        throw new FileNotFoundException($"No model at '{modelPath}': pass a .safetensors weights file or a run folder.");
    }
}
