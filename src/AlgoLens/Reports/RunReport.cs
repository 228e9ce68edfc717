using System.Globalization;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Progress;
using AlgoLens.Common;
using AlgoLens.Reports.Html;
using AlgoLens.Training;

namespace AlgoLens.Reports;

/// <summary>
/// <c>algolens report</c>: one self-contained HTML file (inline SVG, no scripts, opens offline)
/// built from what <c>algolens analyze</c> wrote (analysis/), run.json and metrics.csv only: no
/// checkpoint is loaded and nothing is recomputed. Its sections follow the measures present:
/// training curves, weight norms and attention entropy for every run; the grokking sections
/// (the run beside the paper, progress measures, Fourier mechanism) when those measures ran.
/// </summary>
public static class RunReport
{
    /// <summary>File name of the report inside the run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>
    /// Builds and writes RUN_DIR/report.html (needs `algolens analyze` first); returns its path.
    /// Holds the run's writer lock meanwhile (<see cref="RunLock"/>).
    /// </summary>
    /// <exception cref="RunLockedException">Another process is writing to <paramref name="runDirectory"/>.</exception>
    public static string Write(string runDirectory)
    {
        using var writer = RunLock.Acquire(runDirectory, mustExist: true);
        return Write(writer);
    }

    /// <summary>As <see cref="Write(string)"/>, in the folder of a lock the caller holds.</summary>
    public static string Write(RunLock writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.ThrowIfReleased();
        string runDirectory = writer.Directory;
        var report = Build(runDirectory);
        string path = Path.Combine(runDirectory, FileName);
        report.Save(path);
        return path;
    }

    /// <summary>Builds the report of an analysed run.</summary>
    /// <exception cref="FileNotFoundException">The run has not been analysed (the message says to run <c>algolens analyze</c>).</exception>
    public static HtmlReport Build(string runDirectory)
    {
        var analysis = RunAnalysis.Load(runDirectory);
        var info = RunInfo.Load(runDirectory);
        var metrics = MetricsLog.Read(runDirectory);
        var table = MeasureTable.Load(runDirectory);
        bool grokking = analysis.HasRun(GrokkingMeasure.MeasureName);

        string p = info.TaskSettings.GetValueOrDefault("p", "p");
        var report = new HtmlReport(grokking ? $"Grokking ({GrokkingSections.Operation(info).Formula}) mod {p}" : $"Run report: {info.Task}")
        {
            Subtitle = $"{Path.GetFileName(Path.GetFullPath(runDirectory))} · seed {info.Training.Seed} · {info.Status}",
            Summary = $"{Article(info.ModelKind)} {info.ModelKind} model trained on task '{info.Task}'{Settings(info)} for {info.Summary?.StepsCompleted ?? analysis.FinalStep} steps; {analysis.Steps.Count} checkpoints analysed.",
        };
        report.AddHeaderItem("steps", (info.Summary?.StepsCompleted ?? analysis.FinalStep).ToString(CultureInfo.InvariantCulture));
        if (grokking)
        {
            GrokkingSections.Add(report, runDirectory, info, metrics);
        }
        else
        {
            GeneralSections.AddTraining(report, info, metrics, table);
        }
        GeneralSections.AddModel(report, analysis, table);
        GeneralSections.AddAnalysis(report, analysis);
        report.AddHeaderItem("AlgoLens", info.AlgolensVersion);

        report.AddSection("Run settings")
            .Preformatted(System.Text.Json.JsonSerializer.Serialize(info with { Summary = null }, JsonFiles.Options));
        return report;
    }

    private static string Settings(RunInfo info) =>
        info.TaskSettings.Count == 0 ? "" : $" ({string.Join(", ", info.TaskSettings.Select(s => $"{s.Key} = {s.Value}"))})";

    // "an mlp", "a transformer": the article follows the sound, and kinds are read letter by letter
    // when they start with a consonant cluster such as "mlp".
    private static string Article(string kind) =>
        kind.Length > 0 && ("aeiou".Contains(char.ToLowerInvariant(kind[0]), StringComparison.Ordinal) || kind.StartsWith("mlp", StringComparison.OrdinalIgnoreCase)) ? "An" : "A";
}
