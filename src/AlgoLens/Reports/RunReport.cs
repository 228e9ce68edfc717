using System.Globalization;
using AlgoLens.Analysis.Measures;
using AlgoLens.Common;
using AlgoLens.Reports.Html;
using AlgoLens.Training;

namespace AlgoLens.Reports;

/// <summary>
/// <c>algolens report</c>: one self-contained HTML file (inline SVG, no scripts, opens offline)
/// built from what <c>algolens analyze</c> wrote (analysis/), run.json and metrics.csv only: no
/// checkpoint is loaded and nothing is recomputed. After a header on the run come the sections of
/// the measures that ran, in the order they ran (each measure draws its own: see
/// <see cref="ICheckpointMeasure.Report"/>), then the list of measures and the run's settings.
/// The report names no measure: a new measure's figures appear without a change here.
/// </summary>
public static class RunReport
{
    /// <summary>File name of the report inside the run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>
    /// Builds and writes RUN_DIR/report.html (needs `algolens analyze` first); returns its path.
    /// Holds the run's writer lock meanwhile (<see cref="RunLock"/>). <paramref name="measures"/>
    /// draw the sections of the measures that ran (default: <see cref="MeasureRegistry.Create"/>).
    /// </summary>
    /// <exception cref="RunLockedException">Another process is writing to <paramref name="runDirectory"/>.</exception>
    public static string Write(string runDirectory, IReadOnlyList<ICheckpointMeasure>? measures = null)
    {
        using var writer = RunLock.Acquire(runDirectory, mustExist: true);
        return Write(writer, measures);
    }

    /// <summary>As <see cref="Write(string, IReadOnlyList{ICheckpointMeasure}?)"/>, in the folder of a lock the caller holds.</summary>
    public static string Write(RunLock writer, IReadOnlyList<ICheckpointMeasure>? measures = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.ThrowIfReleased();
        string runDirectory = writer.Directory;
        var report = Build(runDirectory, measures);
        string path = Path.Combine(runDirectory, FileName);
        report.Save(path);
        return path;
    }

    /// <summary>
    /// Builds the report of an analysed run. Each measure that ran and is among
    /// <paramref name="measures"/> (default: <see cref="MeasureRegistry.Create"/>) adds its section;
    /// one that ran but is not among them (a plug-in no longer loaded) is only listed.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has not been analysed (the message says to run <c>algolens analyze</c>).</exception>
    public static HtmlReport Build(string runDirectory, IReadOnlyList<ICheckpointMeasure>? measures = null)
    {
        var analysis = RunAnalysis.Load(runDirectory);
        var info = RunInfo.Load(runDirectory);
        var metrics = MetricsLog.Read(runDirectory);
        var table = MeasureTable.Load(runDirectory);
        var duringTraining = MeasuresDuringTraining.Read(runDirectory);

        var report = new HtmlReport($"Run report: {info.Task}")
        {
            Subtitle = $"{Path.GetFileName(Path.GetFullPath(runDirectory))} · seed {info.Training.Seed} · {info.Status}",
            Summary = $"{Article(info.ModelKind)} {info.ModelKind} model trained on task '{info.Task}'{Settings(info)} for {info.Summary?.StepsCompleted ?? analysis.FinalStep} steps; {analysis.Steps.Count} checkpoints analysed.",
        };
        report.AddHeaderItem("steps", (info.Summary?.StepsCompleted ?? analysis.FinalStep).ToString(CultureInfo.InvariantCulture));

        var available = (measures ?? MeasureRegistry.Create()).GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var reporting = analysis.Ran.Where(ran => available.ContainsKey(ran.Name))
            .Select(ran => (Measure: available[ran.Name], Context: new MeasureReportContext(report, runDirectory, info, metrics, table, analysis, ran, StepAnnotations.None) { DuringTraining = duringTraining }))
            .ToList();
        // Marks first, so that the first section's curves already carry every measure's marks.
        var annotations = reporting.Aggregate(StepAnnotations.None, (marks, r) => marks.Concat(r.Measure.Annotate(r.Context)));
        foreach (var (measure, context) in reporting)
        {
            measure.Report(context with { Annotations = annotations });
        }

        CircuitSection.Add(report, runDirectory);
        PatchingSection.Add(report, runDirectory);
        ProbeSection.Add(report, runDirectory);
        DictionarySection.Add(report, runDirectory);
        LotterySection.Add(report, runDirectory);
        MeasureListSection.Add(report, analysis);
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
