using System.Text.Json;
using System.Text.Json.Serialization;
using AlgoLens.Common;
using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Training;

/// <summary>
/// run.json: everything needed to understand and reproduce a run (task, model, training settings,
/// seed, versions) and, once it ends, its summary.
/// </summary>
public sealed record RunInfo
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "run.json";

    /// <summary>AlgoLens version that made the run.</summary>
    public string AlgolensVersion { get; init; } = AlgoLensVersion.Current;

    /// <summary>.NET runtime version.</summary>
    public string DotnetVersion { get; init; } = Environment.Version.ToString();

    /// <summary>When the run was created (UTC).</summary>
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>
    /// "running", "completed", "stopped" (cancelled; resumable), "diverged" (a non-finite loss
    /// stopped it) or "failed" (an error stopped it, see <see cref="Failure"/>; resumable from its
    /// newest checkpoint once the cause is fixed).
    /// </summary>
    public string Status { get; init; } = "running";

    /// <summary>Why a "failed" run stopped (the error and the step); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Failure { get; init; }

    /// <summary>The task's registry name.</summary>
    public string Task { get; init; } = "";

    /// <summary>The task's settings (e.g. p).</summary>
    public Dictionary<string, string> TaskSettings { get; init; } = [];

    /// <summary>
    /// The file of the assembly that defines a user's own task (problem 3.17), so that eval, analyze
    /// and resume find the task without being told again; absent for AlgoLens's own tasks.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TaskAssembly { get; init; }

    /// <summary>The model kind (see <see cref="ModelKinds"/>); run folders without one hold transformers.</summary>
    public string ModelKind { get; init; } = HookedTransformer.KindName;

    /// <summary>The model's config as its kind writes it (TransformerLens's field names for transformers).</summary>
    public JsonElement Model { get; init; } = JsonDocument.Parse(new HookedTransformerConfig().ToJson()).RootElement.Clone();

    /// <summary>The model's config, read as its kind.</summary>
    [JsonIgnore]
    public IModelConfig ModelConfig => ModelKinds.ReadConfig(ModelKind, Model.GetRawText(), $"run.json (model, kind '{ModelKind}')");

    /// <summary>This record with <paramref name="config"/> as the model config (and its kind).</summary>
    public RunInfo WithModel(IModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return this with { ModelKind = config.Kind, Model = JsonDocument.Parse(config.ToJson()).RootElement.Clone() };
    }

    /// <summary>The training settings.</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>Number of training examples.</summary>
    public int TrainExamples { get; init; }

    /// <summary>Number of test examples.</summary>
    public int TestExamples { get; init; }

    /// <summary>Threads the kernels used (results do not depend on it).</summary>
    public int Threads { get; init; }

    /// <summary>
    /// The parameter mask a pruned run trains under (<see cref="ParameterMask.FileName"/>, beside
    /// run.json); absent for a dense run.
    /// </summary>
    [OmitAtDefault]
    public string? Mask { get; init; }

    /// <summary>
    /// The weights a run started from instead of its seed's initialisation (a copy, beside run.json,
    /// of e.g. another run's checkpoint at its rewind step); absent for a run from its seed.
    /// </summary>
    [OmitAtDefault]
    public string? InitialWeights { get; init; }

    /// <summary>Where <see cref="InitialWeights"/> was copied from (a path, as given), for the record; absent when not given.</summary>
    [OmitAtDefault]
    public string? InitialWeightsSource { get; init; }

    /// <summary>The summary, once the run has stopped or completed.</summary>
    public RunSummary? Summary { get; init; }

    /// <summary>Reads a run folder's run.json with a clear error when it is missing or broken.</summary>
    public static RunInfo Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{runDirectory}' is not a run folder: it has no {FileName}.");
        }
        try
        {
            return JsonSerializer.Deserialize<RunInfo>(AlgoLens.IO.InputFile.ReadAllText(path, FileName), JsonFiles.Options)
                ?? throw new FormatException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not valid run.json ({e.Message}).", e);
        }
    }

    /// <summary>Writes run.json atomically.</summary>
    public void Save(string runDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, JsonFiles.Options));
}
