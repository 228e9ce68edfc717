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
    public static IModel Load(string modelPath, string? configPath)
    {
        IModelConfig? config = null;
        if (configPath is not null)
        {
            string json = File.ReadAllText(configPath);
            var kind = System.Text.Json.Nodes.JsonNode.Parse(json)?["model_kind"]?.GetValue<string>();
            config = kind is null
                ? HookedTransformerConfig.FromJson(json, configPath)
                : ModelKinds.ReadConfig(kind, RemoveKind(json), configPath);
        }
        return ModelFile.LoadModel(ResolveFile(modelPath), config);
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
