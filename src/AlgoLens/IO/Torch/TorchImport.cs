using AlgoLens.Models;

namespace AlgoLens.IO.Torch;

/// <summary>
/// Turns a PyTorch checkpoint with TransformerLens's parameter names (a HookedTransformer's
/// state dict) into a model of the given config: every parameter's dtype and shape is checked
/// against the config before anything is kept, through the same check that loads AlgoLens's own
/// safetensors files, so an imported model is one that <c>cache --model FILE --config CONFIG</c>
/// accepts.
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
    /// <exception cref="SafetensorsFormatException">A parameter is missing or has the wrong shape for the config.</exception>
    public static Result Import(string path, IModelConfig config, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var stateDict = TorchCheckpoint.ReadStateDict(path, key);
        var model = ModelKinds.Create(config);
        var notes = new List<string>();
        if (stateDict.Key is not null)
        {
            notes.Add($"read the state dict under '{stateDict.Key}'");
        }
        var writer = new SafetensorsWriter();
        var converted = new List<string>();
        var keptOut = new List<string>();
        var problems = new List<string>();
        foreach (var tensor in stateDict.Tensors)
        {
            string described = $"{tensor.Name} ({tensor.Dtype.TorchName()} {AlgoLens.Tensors.Shape.Format(tensor.Shape)})";
            if (!model.Parameters.Contains(tensor.Name))
            {
                keptOut.Add(described);
                continue;
            }
            if (!tensor.Dtype.IsFloatingPoint())
            {
                problems.Add($"parameter '{tensor.Name}' holds {tensor.Dtype.TorchName()} values; weights must be floating-point (float32, float64, float16 or bfloat16)");
                continue;
            }
            if (tensor.Dtype != TorchDtype.Float32)
            {
                converted.Add(described);
            }
            writer.Add(tensor.Name, tensor.ToFloat32(), tensor.Shape);
        }
        if (problems.Count > 0)
        {
            throw new TorchFormatException($"{path} does not fit the model:\n- {string.Join("\n- ", problems)}");
        }
        // The shape and completeness checks of AlgoLens's own checkpoints, on the same bytes a
        // safetensors file would hold: one rule for what loads, whichever format it came from.
        ModelFile.LoadWeights(model, SafetensorsFile.Parse(writer.ToBytes(), path));
        if (converted.Count > 0)
        {
            notes.Add($"converted to float32: {string.Join(", ", converted)}");
        }
        if (keptOut.Count > 0)
        {
            notes.Add($"left out, not parameters of this model (TransformerLens's attn.mask and attn.IGNORE are buffers): {string.Join(", ", keptOut)}");
        }
        if (stateDict.NonTensors.Count > 0)
        {
            notes.Add($"left out, not tensors: {string.Join(", ", stateDict.NonTensors)}");
        }
        return new Result(model, notes);
    }
}
