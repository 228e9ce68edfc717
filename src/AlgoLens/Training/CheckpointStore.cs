using System.Globalization;
using System.Text.Json;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tensors.Optim;

namespace AlgoLens.Training;

/// <summary>
/// The checkpoints/ folder of a run. Each saved step is a TransformerLens-loadable weights file
/// (<c>step_000100.safetensors</c>); <c>resume.safetensors</c> additionally holds the optimizer's
/// state at the newest checkpoint, so that a stopped or killed run continues bitwise as if it had
/// never stopped. Every file is written atomically.
/// </summary>
public sealed class CheckpointStore
{
    /// <summary>Name of the resume-state file.</summary>
    public const string ResumeFile = "resume.safetensors";

    private const string OptimizerPrefix = "optimizer.";

    /// <summary>Uses (and creates) <paramref name="directory"/>.</summary>
    public CheckpointStore(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>The checkpoints folder.</summary>
    public string Directory { get; }

    /// <summary>The weights file of a step.</summary>
    public string PathFor(int step) => Path.Combine(Directory, $"step_{step:D6}.safetensors");

    /// <summary>Steps that have a weights file, ascending.</summary>
    public IReadOnlyList<int> Steps()
    {
        var steps = new List<int>();
        foreach (string file in System.IO.Directory.GetFiles(Directory, "step_*.safetensors"))
        {
            string stem = Path.GetFileNameWithoutExtension(file)["step_".Length..];
            if (int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out int step))
            {
                steps.Add(step);
            }
        }
        steps.Sort();
        return steps;
    }

    /// <summary>Writes the weights at a step (with the config and step in the metadata).</summary>
    public void SaveWeights(int step, IModel model) =>
        ModelFile.Save(model, PathFor(step), new Dictionary<string, string> { ["step"] = step.ToString(CultureInfo.InvariantCulture) });

    /// <summary>Loads the transformer saved at a step (see <see cref="LoadModel(int)"/> for any kind).</summary>
    public HookedTransformer LoadWeights(int step) =>
        LoadModel(step) as HookedTransformer
        ?? throw new ModelConfigException($"The checkpoint of step {step} in {Directory} is not a transformer; load it with LoadModel.");

    /// <summary>Loads the model saved at a step, of whatever kind it is.</summary>
    public IModel LoadModel(int step)
    {
        string path = PathFor(step);
        if (!File.Exists(path))
        {
            var have = Steps();
            throw new FileNotFoundException($"No checkpoint for step {step} in {Directory}. Saved steps: {(have.Count == 0 ? "none" : $"{have[0]}..{have[^1]} ({have.Count} files)")}.");
        }
        return ModelFile.LoadModel(path);
    }

    /// <summary>Writes the weights and optimizer state needed to continue from <paramref name="step"/>.</summary>
    public void SaveResumeState(int step, IModel model, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var state = optimizer.GetState();
        var writer = ModelFile.ToWriter(model, new Dictionary<string, string>
        {
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["optimizer_algorithm"] = state.Algorithm,
            ["optimizer_scalars"] = JsonSerializer.Serialize(state.Scalars.ToDictionary(kv => kv.Key, kv => kv.Value.ToString("R", CultureInfo.InvariantCulture))),
        });
        foreach (var (key, buffer) in state.Buffers)
        {
            writer.Add(OptimizerPrefix + key, buffer, buffer.Length);
        }
        writer.Save(Path.Combine(Directory, ResumeFile));
    }

    /// <summary>True when the run has written its resume state (it reached its first checkpoint).</summary>
    public bool HasResumeState => File.Exists(Path.Combine(Directory, ResumeFile));

    /// <summary>The step the resume state is for, or null when there is none.</summary>
    public int? ResumeStep()
    {
        string path = Path.Combine(Directory, ResumeFile);
        if (!File.Exists(path))
        {
            return null;
        }
        return Step(SafetensorsFile.Load(path));
    }

    // The resume file's metadata, with a clear error for a file that lacks it (not written by
    // algolens, or damaged) instead of a KeyNotFoundException.
    private static string Meta(SafetensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out var value)
            ? value
            : throw new SafetensorsFormatException($"{file.Source} has no '{key}' in its metadata: it is not a resume state written by algolens, or it is damaged. Resume from a copy, or train the run again.");

    private static int Step(SafetensorsFile file) =>
        int.TryParse(Meta(file, "step"), NumberStyles.None, CultureInfo.InvariantCulture, out int step)
            ? step
            : throw new SafetensorsFormatException($"{file.Source} has the step '{file.Metadata["step"]}' in its metadata, which is not a step number; the file is damaged.");

    /// <summary>Restores weights and optimizer state; returns the step they are for.</summary>
    public int LoadResumeState(IModel model, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        string path = Path.Combine(Directory, ResumeFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{Directory} has no {ResumeFile}: the run never reached its first checkpoint, so it cannot resume; start it again.");
        }
        var file = SafetensorsFile.Load(path);
        ModelFile.LoadWeights(model, file);
        var state = new OptimizerState(Meta(file, "optimizer_algorithm"));
        Dictionary<string, string> scalars;
        try
        {
            scalars = JsonSerializer.Deserialize<Dictionary<string, string>>(Meta(file, "optimizer_scalars")) ?? [];
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"{file.Source} has optimizer scalars that are not valid JSON ({e.Message}); the file is damaged.", e);
        }
        foreach (var (key, value) in scalars)
        {
            state.Scalars[key] = double.Parse(value, CultureInfo.InvariantCulture);
        }
        foreach (string name in file.Names.Where(n => n.StartsWith(OptimizerPrefix, StringComparison.Ordinal)))
        {
            state.Buffers[name[OptimizerPrefix.Length..]] = file[name].ToFloat32();
        }
        optimizer.LoadState(state);
        return Step(file);
    }
}
