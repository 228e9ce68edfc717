using AlgoLens.Models;

namespace AlgoLens.IO.Torch;

/// <summary>
/// Turns a PyTorch checkpoint with TransformerLens's parameter names (a HookedTransformer's
/// state dict) into a model of the given config. The order bounds the memory by what the file
/// holds: the pickle is read (its own budget bounds it), the config's size is checked against the
/// values the file holds before the model is built (the rule <c>cache --model FILE --config</c>
/// applies to safetensors), every name, dtype and shape is checked against the model before any
/// tensor is read, and only the parameters the model keeps are copied, each at its parameter's size.
/// </summary>
public static class TorchImport
{
    /// <summary>A model loaded from a checkpoint, and what the import did beyond copying float32 weights.</summary>
    /// <param name="Model">The model with the checkpoint's weights.</param>
    /// <param name="Notes">Conversions made and entries left out, one line each.</param>
    public sealed record Result(IModel Model, IReadOnlyList<string> Notes);

    /// <summary>
    /// Reads <paramref name="path"/> (see <see cref="TorchCheckpoint.ReadStateDict"/>; <paramref name="key"/>
    /// picks the state dict in a nested checkpoint) into a new model of <paramref name="config"/>.
    /// </summary>
    /// <exception cref="TorchFormatException">The file cannot be read, or a parameter is not floating-point.</exception>
    /// <exception cref="SafetensorsFormatException">The config needs far more values than the file holds, or a parameter is missing or has the wrong shape for the config.</exception>
    public static Result Import(string path, IModelConfig config, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var views = TorchCheckpoint.Open(path, key);
        ModelFile.RefuseOversizedConfig(config, views.HeldValues(), path);
        var model = ModelKinds.Create(config);
        var kept = Check(model, views, out var converted, out var keptOut);
        foreach (var (view, parameter) in kept)
        {
            // The shape matched the parameter's, so this copy is the parameter's size, whatever
            // strides (an expanded view included) the file gave it.
            var bytes = StridedGather.Gather(views.Storage(view.Storage).Span, view, $"{path}: tensor '{parameter.Name}'");
            TorchTensor.ToFloat32(bytes, view.Storage.Dtype, parameter.Data);
        }
        var notes = new List<string>();
        if (views.Key is not null)
        {
            notes.Add($"read the state dict under '{views.Key}'");
        }
        if (converted.Count > 0)
        {
            notes.Add($"converted to float32: {string.Join(", ", converted)}");
        }
        if (keptOut.Count > 0)
        {
            notes.Add($"left out, not parameters of this model (TransformerLens's attn.mask and attn.IGNORE are buffers): {string.Join(", ", keptOut)}");
        }
        if (views.NonTensors.Count > 0)
        {
            notes.Add($"left out, not tensors: {string.Join(", ", views.NonTensors)}");
        }
        return new Result(model, notes);
    }

    // Every problem of names, dtypes and shapes, found before any tensor data is read; the rules
    // are those of ModelFile.LoadWeights for safetensors (TransformerLens may omit frozen zero biases).
    private static List<(TorchTensorRef View, AlgoLens.Tensors.Tensor Parameter)> Check(IModel model, TorchStateDictViews views, out List<string> converted, out List<string> keptOut)
    {
        var kept = new List<(TorchTensorRef, AlgoLens.Tensors.Tensor)>();
        var dtypeProblems = new List<string>();
        var shapeProblems = new List<string>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        converted = [];
        keptOut = [];
        foreach (var (name, view) in views.Tensors)
        {
            string shape = "[" + string.Join(", ", view.Size) + "]";
            string described = $"{name} ({view.Storage.Dtype.TorchName()} {shape})";
            if (!model.Parameters.Contains(name))
            {
                keptOut.Add(described);
                continue;
            }
            found.Add(name);
            var parameter = model.Parameters[name];
            if (!view.Storage.Dtype.IsFloatingPoint())
            {
                dtypeProblems.Add($"parameter '{name}' holds {view.Storage.Dtype.TorchName()} values; weights must be floating-point (float32, float64, float16 or bfloat16)");
                continue;
            }
            if (!view.Size.SequenceEqual(parameter.Shape.Select(d => (long)d)))
            {
                shapeProblems.Add($"parameter '{name}' has shape {shape} in the file but the config needs {parameter.ShapeString}");
                continue;
            }
            if (view.Storage.Dtype != TorchDtype.Float32)
            {
                converted.Add(described);
            }
            kept.Add((view, parameter));
        }
        if (dtypeProblems.Count > 0)
        {
            throw new TorchFormatException($"{views.Source} does not fit the model:\n- {string.Join("\n- ", dtypeProblems)}");
        }
        foreach (var spec in model.Parameters.Specs)
        {
            if (!found.Contains(spec.Name) && (spec.Trainable || spec.Role != ParameterRole.Bias))
            {
                shapeProblems.Add($"missing parameter '{spec.Name}' of shape {model.Parameters[spec.Name].ShapeString}");
            }
        }
        if (shapeProblems.Count > 0)
        {
            throw new SafetensorsFormatException($"{views.Source} does not fit the model:\n- {string.Join("\n- ", shapeProblems)}\nCheck that the config matches the weights.");
        }
        return kept;
    }
}
