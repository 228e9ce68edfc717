using AlgoLens.Models;

namespace AlgoLens.IO;

/// <summary>
/// Saves and loads model weights as safetensors with TransformerLens names and shapes, the config in
/// the header's <c>__metadata__["config"]</c> and the model kind in <c>__metadata__["model_kind"]</c>
/// (absent means "transformer", as in files written by TransformerLens users). A transformer's file
/// loads in Python with <c>safetensors.torch.load_file</c> and TransformerLens's <c>load_state_dict</c>.
/// </summary>
public static class ModelFile
{
    /// <summary>The metadata key holding the model config as JSON.</summary>
    public const string ConfigKey = "config";

    /// <summary>The metadata key holding the model kind.</summary>
    public const string KindKey = "model_kind";

    /// <summary>Writes every parameter (state-dict order) and the config, atomically.</summary>
    public static void Save(IModel model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ToWriter(model, metadata).Save(path);
    }

    /// <summary>A writer holding the model's parameters and config, to which more tensors can be added.</summary>
    public static SafetensorsWriter ToWriter(IModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new SafetensorsWriter().Metadata(ConfigKey, model.ModelConfig.ToJson());
        if (model.Kind != HookedTransformer.KindName)
        {
            writer.Metadata(KindKey, model.Kind);
        }
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            writer.Metadata(key, value);
        }
        foreach (string name in model.Parameters.Names)
        {
            writer.Add(name, model.Parameters[name]);
        }
        return writer;
    }

    /// <summary>Loads a transformer (see <see cref="LoadModel(string, IModelConfig?)"/> for any kind).</summary>
    public static HookedTransformer Load(string path, HookedTransformerConfig? config = null)
    {
        var model = LoadModel(path, config);
        return model as HookedTransformer
            ?? throw new ModelConfigException($"{path} holds a '{model.Kind}' model, not a transformer; load it with ModelFile.LoadModel.");
    }

    /// <summary>
    /// Loads a model of any kind. The config comes from <paramref name="config"/> when given, else from
    /// the file's metadata; a file with neither is refused with a message saying to pass a config.
    /// </summary>
    public static IModel LoadModel(string path, IModelConfig? config = null) => LoadModel(SafetensorsFile.Load(path), config);

    /// <summary>As <see cref="LoadModel(string, IModelConfig?)"/>, from a parsed file.</summary>
    public static IModel LoadModel(SafetensorsFile file, IModelConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        config ??= ReadConfig(file);
        RefuseOversizedConfig(config, file);
        var model = ModelKinds.Create(config);
        LoadWeights(model, file);
        return model;
    }

    /// <summary>
    /// A coarse check before the model is built: a config that needs far more parameter values than
    /// the file holds cannot match it, and building it first could allocate gigabytes (a config
    /// claiming d_vocab 8e6 beside small weights). The exact, per-tensor check follows in
    /// <see cref="LoadWeights"/>; the slack here covers the frozen zero biases that TransformerLens's
    /// state dicts may omit.
    /// </summary>
    private static void RefuseOversizedConfig(IModelConfig config, SafetensorsFile file) =>
        RefuseOversizedConfig(config, file.Names.Sum(name => (long)AlgoLens.Tensors.Shape.Size(file[name].Shape)), file.Source);

    /// <summary>
    /// The same check for weights in another format (a PyTorch checkpoint's import) that hold
    /// <paramref name="heldValues"/> values: one rule, whichever file the weights come from.
    /// </summary>
    internal static void RefuseOversizedConfig(IModelConfig config, long heldValues, string source)
    {
        long needed = config.ParameterCount();
        long held = heldValues;
        if (needed > held + held / 4 + 65_536)
        {
            throw new SafetensorsFormatException(
                $"{source} holds {held:N0} values but its config needs {needed:N0} parameters ({needed * 4.0 / (1 << 20):N1} MiB): the config does not match the weights " +
                $"(check d_vocab, d_model, n_ctx, d_mlp and n_layers: {config.ToJson()}).");
        }
    }

    /// <summary>The config stored in a file's metadata (its kind from <see cref="KindKey"/>).</summary>
    public static IModelConfig ReadConfig(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Metadata.TryGetValue(ConfigKey, out var json))
        {
            throw new ModelConfigException($"{file.Source} has no model config in its metadata; pass one (e.g. --config CONFIG.json with TransformerLens's field names).");
        }
        string kind = file.Metadata.TryGetValue(KindKey, out var k) ? k : HookedTransformer.KindName;
        return ModelKinds.ReadConfig(kind, json, $"{file.Source} (metadata '{ConfigKey}')");
    }

    /// <summary>
    /// Copies every parameter from <paramref name="file"/> into <paramref name="model"/>. All
    /// problems (missing parameters, wrong shapes) are checked before anything is copied, so a
    /// failed load leaves the model as it was. Tensors that are not parameters (e.g. optimizer
    /// state in a checkpoint) are ignored.
    /// </summary>
    public static void LoadWeights(IModel model, SafetensorsFile file, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<string>();
        foreach (var spec in model.Parameters.Specs)
        {
            string key = prefix + spec.Name;
            var parameter = model.Parameters[spec.Name];
            if (!file.Contains(key))
            {
                // TransformerLens's state dict may omit frozen zero biases; only trainable or
                // non-zero-initialised parameters are required.
                if (spec.Trainable || spec.Role != ParameterRole.Bias)
                {
                    problems.Add($"missing parameter '{key}' of shape {parameter.ShapeString}");
                }
                continue;
            }
            var entry = file[key];
            if (entry.Dtype is SafetensorsDtype.I32 or SafetensorsDtype.I64)
            {
                // Integer "weights" are a mislabelled or wrong file (token ids, step counters), not parameters.
                problems.Add($"parameter '{key}' is stored as {entry.Dtype}, an integer type; weights must be F32, F64, F16 or BF16");
            }
            else if (!entry.Shape.SequenceEqual(parameter.Shape))
            {
                problems.Add($"parameter '{key}' has shape {AlgoLens.Tensors.Shape.Format(entry.Shape)} in the file but the config needs {parameter.ShapeString}");
            }
        }
        if (problems.Count > 0)
        {
            throw new SafetensorsFormatException($"{file.Source} does not fit the model:\n- {string.Join("\n- ", problems)}\nCheck that the config matches the weights.");
        }
        foreach (string name in model.Parameters.Names)
        {
            if (file.Contains(prefix + name))
            {
                file[prefix + name].ToFloat32().CopyTo(model.Parameters[name].Data, 0);
            }
        }
    }
}
