using System.Text.Json;
using AlgoLens.Common;
using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// analysis/measures.json: which measures ran on a run (with their columns and artefacts) and which
/// did not apply, with why. Reports read it to choose their sections.
/// </summary>
public sealed record RunAnalysis
{
    /// <summary>Folder, inside a run folder, where analysis results go.</summary>
    public const string Folder = "analysis";

    /// <summary>File name inside the analysis folder.</summary>
    public const string FileName = "measures.json";

    /// <summary>The analysed steps, ascending.</summary>
    public IReadOnlyList<int> Steps { get; init; } = [];

    /// <summary>The last analysed step (the model whose artefacts were written).</summary>
    public int FinalStep { get; init; }

    /// <summary>The measures that ran, in order.</summary>
    public IReadOnlyList<MeasureRan> Ran { get; init; } = [];

    /// <summary>The measures that did not apply.</summary>
    public IReadOnlyList<MeasureSkipped> Skipped { get; init; } = [];

    /// <summary>Wall-clock seconds the analysis took.</summary>
    public double Seconds { get; init; }

    /// <summary>Whether the measure named <paramref name="name"/> ran.</summary>
    public bool HasRun(string name) => Ran.Any(m => m.Name == name);

    /// <summary>Writes analysis/measures.json atomically.</summary>
    public void Save(string analysisDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(analysisDirectory, FileName), JsonSerializer.Serialize(this, JsonFiles.Options));

    /// <summary>Reads analysis/measures.json of a run; the error says to run <c>algolens analyze</c> when there is none.</summary>
    public static RunAnalysis Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, Folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{runDirectory}' has not been analysed (no {Folder}/{FileName}): run `algolens analyze {runDirectory}` first.");
        }
        return JsonSerializer.Deserialize<RunAnalysis>(AlgoLens.IO.InputFile.ReadAllText(path, Path.GetFileName(path)), JsonFiles.Options)
            ?? throw new FormatException($"{path} is empty.");
    }
}

/// <summary>A measure that ran.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it measures.</param>
/// <param name="Columns">Its columns in measures.csv.</param>
/// <param name="Artefacts">Files it wrote, relative to the analysis folder.</param>
public sealed record MeasureRan(string Name, string Description, IReadOnlyList<string> Columns, IReadOnlyList<string> Artefacts);

/// <summary>A measure that did not apply.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Reason">Why it did not apply.</param>
public sealed record MeasureSkipped(string Name, string Reason);
