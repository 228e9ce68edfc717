using AlgoLens.Reports.Html;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// What a measure sees when it adds its section to report.html (<see cref="ICheckpointMeasure.Report"/>):
/// the page being built and what analyze and training wrote. Nothing here loads a checkpoint.
/// </summary>
/// <param name="Page">The report: add sections to it (<see cref="HtmlReport.AddSection"/>); a study's measure may also retitle it or add header facts.</param>
/// <param name="RunDirectory">The run folder, to read this measure's artefacts (<see cref="Artefacts.Read{T}"/>) and files.</param>
/// <param name="Info">run.json.</param>
/// <param name="Metrics">metrics.csv, every logged step (empty when training logged none).</param>
/// <param name="Table">analysis/measures.csv: every measure's columns at every analysed step.</param>
/// <param name="Analysis">analysis/measures.json: the analysed steps, the measures that ran and those skipped.</param>
/// <param name="Measure">This measure's entry in measures.json: its columns and the files it wrote.</param>
/// <param name="Annotations">Step-axis marks offered by the measures that ran (<see cref="ICheckpointMeasure.Annotate"/>), for training curves.</param>
public sealed record MeasureReportContext(
    HtmlReport Page,
    string RunDirectory,
    RunInfo Info,
    IReadOnlyList<MetricsRow> Metrics,
    MeasureTable Table,
    RunAnalysis Analysis,
    MeasureRan Measure,
    StepAnnotations Annotations)
{
    /// <summary>
    /// RUN_DIR/measures.csv, the measures taken while the model trained (<c>train --measure</c>,
    /// <see cref="MeasuresDuringTraining"/>): the same columns as <see cref="Table"/> at every
    /// measured step; null when the run was trained without. A measure draws its curves from it
    /// where it has them, at step resolution.
    /// </summary>
    public MeasureTable? DuringTraining { get; init; }

    /// <summary>The analysed steps as chart x values.</summary>
    public double[] Steps => Table.Steps.Select(s => (double)s).ToArray();
}
