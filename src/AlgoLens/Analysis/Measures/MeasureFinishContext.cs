using System.Text.Json;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>What a measure sees once every checkpoint is measured.</summary>
/// <param name="Run">The run folder.</param>
/// <param name="FinalStep">The last analysed step.</param>
/// <param name="FinalModel">The model at <paramref name="FinalStep"/>.</param>
/// <param name="Table">Every measure's scalars at every analysed checkpoint (so that a run-level summary can use the losses too).</param>
/// <param name="AnalysisDirectory">RUN_DIR/analysis.</param>
/// <param name="Elapsed">Time the analysis has taken so far.</param>
public sealed record MeasureFinishContext(RunFolder Run, int FinalStep, IModel FinalModel, MeasureTable Table, string AnalysisDirectory, TimeSpan Elapsed)
{
    private readonly List<string> written = [];

    /// <summary>Artefact files written so far, relative to the analysis folder.</summary>
    public IReadOnlyList<string> Written => written;

    /// <summary>Records a file the measure wrote itself (relative to the analysis folder), for measures.json.</summary>
    public void Record(string relativePath) => written.Add(relativePath);

    /// <summary>Writes <paramref name="value"/> as analysis/artefacts/<paramref name="name"/>.json (atomically).</summary>
    public void WriteArtefact<T>(string name, T value)
    {
        string relative = Artefacts.RelativePath(name);
        string path = Path.Combine(AnalysisDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Artefacts.JsonOptions));
        written.Add(relative);
    }
}

/// <summary>JSON artefacts under analysis/artefacts/: run-level data (e.g. the final model's Fourier norms) that reports plot.</summary>
public static class Artefacts
{
    /// <summary>Folder inside the analysis folder.</summary>
    public const string Folder = "artefacts";

    /// <summary>
    /// snake_case names as run.json, but not indented (artefacts hold grids of thousands of numbers)
    /// and with NaN and infinities allowed (a measure of an untrained model may be undefined).
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The path of artefact <paramref name="name"/> relative to the analysis folder.</summary>
    public static string RelativePath(string name) => Path.Combine(Folder, name + ".json");

    /// <summary>Reads artefact <paramref name="name"/> of an analysed run.</summary>
    public static T Read<T>(string runDirectory, string name)
    {
        string path = Path.Combine(runDirectory, RunAnalysis.Folder, RelativePath(name));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no analysis artefact '{name}' ({path}): run `algolens analyze {runDirectory}` (again, if the analysis predates this artefact).");
        }
        return JsonSerializer.Deserialize<T>(AlgoLens.IO.InputFile.ReadAllText(path, Path.GetFileName(path)), JsonOptions)
            ?? throw new FormatException($"{path} is empty.");
    }
}
