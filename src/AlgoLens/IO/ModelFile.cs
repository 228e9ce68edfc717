using AlgoLens.Models;

namespace AlgoLens.IO;

/// <summary>
/// Saves and loads <see cref="HookedTransformer"/> weights as safetensors with TransformerLens
/// names and shapes, the config (TransformerLens field names) in the header's
/// <c>__metadata__["config"]</c>. Such a file loads in Python with
/// <c>safetensors.torch.load_file</c> and TransformerLens's <c>load_state_dict</c>.
/// </summary>
public static class ModelFile
{
    /// <summary>The metadata key holding the model config as JSON.</summary>
    public const string ConfigKey = "config";

    /// <summary>Writes every parameter (state-dict order) and the config, atomically.</summary>
    public static void Save(HookedTransformer model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ToWriter(model, metadata).Save(path);
    }

    /// <summary>A writer holding the model's parameters and config, to which more tensors can be added.</summary>
    public static SafetensorsWriter ToWriter(HookedTransformer model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new SafetensorsWriter().Metadata(ConfigKey, model.Config.ToJson());
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            writer.Metadata(key, value);
        }
        foreach (string name in model.ParameterNames)
        {
            writer.Add(name, model[name]);
        }
        return writer;
    }

    /// <summary>
    /// Loads a model. The config comes from <paramref name="config"/> when given, else from the
    /// file's metadata; a file with neither is refused with a message saying to pass a config.
    /// </summary>
    public static HookedTransformer Load(string path, HookedTransformerConfig? config = null)
    {
        var file = SafetensorsFile.Load(path);
        config ??= ReadConfig(file);
        var model = new HookedTransformer(config);
        LoadWeights(model, file);
        return model;
    }

    /// <summary>The config stored in a file's metadata.</summary>
    public static HookedTransformerConfig ReadConfig(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Metadata.TryGetValue(ConfigKey, out var json))
        {
            throw new ModelConfigException($"{file.Source} has no model config in its metadata; pass one (e.g. --config CONFIG.json with TransformerLens's field names).");
        }
        return HookedTransformerConfig.FromJson(json, $"{file.Source} (metadata '{ConfigKey}')");
    }

    /// <summary>
    /// Copies every parameter from <paramref name="file"/> into <paramref name="model"/>. All
    /// problems (missing parameters, wrong shapes) are checked before anything is copied, so a
    /// failed load leaves the model as it was. Tensors that are not parameters (e.g. optimizer
    /// state in a checkpoint) are ignored.
    /// </summary>
    public static void LoadWeights(HookedTransformer model, SafetensorsFile file, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<string>();
        foreach (string name in model.ParameterNames)
        {
            string key = prefix + name;
            if (!file.Contains(key))
            {
                // TransformerLens's state dict may omit frozen zero biases; only trainable or
                // non-zero-initialised parameters are required.
                if (model[name].RequiresGrad || !IsBias(name))
                {
                    problems.Add($"missing parameter '{key}' of shape {model[name].ShapeString}");
                }
                continue;
            }
            var entry = file[key];
            if (!entry.Shape.SequenceEqual(model[name].Shape))
            {
                problems.Add($"parameter '{key}' has shape {AlgoLens.Tensors.Shape.Format(entry.Shape)} in the file but the config needs {model[name].ShapeString}");
            }
        }
        if (problems.Count > 0)
        {
            throw new SafetensorsFormatException($"{file.Source} does not fit the model:\n- {string.Join("\n- ", problems)}\nCheck that the config matches the weights.");
        }
        foreach (string name in model.ParameterNames)
        {
            if (file.Contains(prefix + name))
            {
                file[prefix + name].ToFloat32().CopyTo(model[name].Data, 0);
            }
        }
    }

    private static bool IsBias(string name) => name[(name.LastIndexOf('.') + 1)..].StartsWith("b_", StringComparison.Ordinal);
}
