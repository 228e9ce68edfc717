using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Cli.Commands;

/// <summary>Resolves --model (a safetensors file, or a run folder's latest checkpoint) and --config.</summary>
internal static class ModelSource
{
    public static HookedTransformer Load(string modelPath, string? configPath)
    {
        HookedTransformerConfig? config = configPath is null
            ? null
            : HookedTransformerConfig.FromJson(File.ReadAllText(configPath), configPath);
        return ModelFile.Load(ResolveFile(modelPath), config);
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
                var latest = Directory.GetFiles(checkpoints, "step_*.safetensors").Order(StringComparer.Ordinal).LastOrDefault();
                if (latest is not null)
                {
                    return latest;
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
