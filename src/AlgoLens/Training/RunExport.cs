using System.Globalization;
using AlgoLens.IO;

namespace AlgoLens.Training;

/// <summary>
/// Exports a run's checkpoint for Python: the weights as safetensors (TransformerLens's names, the
/// step and AlgoLens's config in the metadata) and, beside them, the config as TransformerLens's
/// JSON (<see cref="TransformerLensConfig"/>), so that <c>HookedTransformer(HookedTransformerConfig(**json.load(f)))</c>
/// and <c>load_state_dict(load_file(weights), strict=False)</c> rebuild the model.
/// </summary>
public static class RunExport
{
    /// <summary>What was written.</summary>
    /// <param name="WeightsPath">The safetensors file.</param>
    /// <param name="ConfigPath">The config JSON beside it.</param>
    /// <param name="Step">The checkpoint's step.</param>
    /// <param name="Notes">What TransformerLens will not reproduce, one line each.</param>
    public sealed record Result(string WeightsPath, string ConfigPath, int Step, IReadOnlyList<string> Notes);

    /// <summary>The config file that goes with a weights file: NAME.safetensors gives NAME.config.json.</summary>
    public static string ConfigPathFor(string weightsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(weightsPath);
        string stem = weightsPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? weightsPath[..^".safetensors".Length] : weightsPath;
        return stem + ".config.json";
    }

    /// <summary>
    /// Writes the checkpoint of <paramref name="step"/> (the newest when null) of the run in
    /// <paramref name="runDirectory"/> to <paramref name="weightsPath"/> (by default
    /// RUNNAME_stepNNNNNN.safetensors in the current folder) and its config beside it.
    /// </summary>
    public static Result Export(string runDirectory, int? step = null, string? weightsPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        string checkpoints = Path.Combine(runDirectory, "checkpoints");
        if (!Directory.Exists(checkpoints))
        {
            throw new DirectoryNotFoundException(Directory.Exists(runDirectory)
                ? $"'{runDirectory}' has no checkpoints/ folder; pass a run folder written by algolens train."
                : $"No run folder at '{runDirectory}'.");
        }
        var store = new CheckpointStore(checkpoints);
        var steps = store.Steps();
        int chosen = step ?? (steps.Count > 0 ? steps[^1] : throw new FileNotFoundException($"'{runDirectory}' has no checkpoints yet (checkpoints/step_*.safetensors)."));
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory)));
        weightsPath ??= string.Create(CultureInfo.InvariantCulture, $"{name}_step{chosen:D6}.safetensors");
        string configPath = ConfigPathFor(weightsPath);
        // Never over a run's own files (this run's or any other's), however the path is spelled.
        RunFileGuard.RefuseRunFile(weightsPath, "--out");
        RunFileGuard.RefuseRunFile(configPath, "--out's config file");
        var model = store.LoadModel(chosen);
        var (json, notes) = TransformerLensConfig.ToJson(model.ModelConfig);
        ModelFile.Save(model, weightsPath, new Dictionary<string, string> { ["step"] = chosen.ToString(CultureInfo.InvariantCulture) });
        AtomicFile.WriteAllText(configPath, json + "\n");
        return new Result(weightsPath, configPath, chosen, notes);
    }
}
