using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// A measure taken at every analysed checkpoint of a run: <c>algolens analyze</c> runs each one that
/// applies and writes its scalars as columns of analysis/measures.csv; <c>algolens report</c> adds
/// the section each one draws from its own output. Adding a measure, with its figures, is one class
/// implementing this interface plus one line in <see cref="MeasureRegistry"/>.
/// </summary>
/// <remarks>
/// The analyser orders the measures so that each comes after those named in <see cref="DependsOn"/>
/// (otherwise as given), then calls, in that order: <see cref="WhyNotApplicable"/>;
/// <see cref="Prepare"/> once with the final model (for measures that track the final model's
/// structure back through training, as the grokking measure tracks its key frequencies);
/// <see cref="Measure"/> at each checkpoint, in ascending steps; <see cref="Finish"/> once with the
/// whole table, to write run-level artefacts. The report calls <see cref="Annotate"/> on every
/// measure that ran, then <see cref="Report"/>, in the same order; it reads only what analyze wrote.
/// A measure instance serves one run: state set in <see cref="Prepare"/> is that run's.
/// </remarks>
public interface ICheckpointMeasure
{
    /// <summary>Short name, e.g. <c>attention_entropy</c>; also the prefix of its artefact files.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured, for <c>analyze</c>'s output and the docs.</summary>
    string Description { get; }

    /// <summary>
    /// Names of the measures whose output this one reads (their columns at a checkpoint through
    /// <see cref="CheckpointContext.Measured"/>, or in the table at <see cref="Finish"/>). They run
    /// before it; when one of them does not apply, neither does this one. Default: none.
    /// </summary>
    IReadOnlyList<string> DependsOn => [];

    /// <summary>Null when the measure applies to <paramref name="run"/>; otherwise why not (shown by <c>analyze</c>).</summary>
    string? WhyNotApplicable(RunFolder run);

    /// <summary>
    /// Null when the measure can also run while the model trains (<c>train --measure</c>, see
    /// <see cref="MeasuresDuringTraining"/>); otherwise why not. There, <see cref="Prepare"/> gets the
    /// model at the first measured step, since the final one does not exist yet: a measure that
    /// tracks the final model's structure back through training says so here. Default: it can.
    /// </summary>
    string? WhyNotDuringTraining => null;

    /// <summary>Run-level preparation with the final analysed model, before any <see cref="Measure"/> call.</summary>
    void Prepare(RunFolder run, IModel finalModel, int finalStep)
    {
    }

    /// <summary>The named scalars at one checkpoint; every checkpoint must return the same names.</summary>
    IReadOnlyDictionary<string, double> Measure(CheckpointContext context);

    /// <summary>Run-level results once every checkpoint is measured (e.g. JSON artefacts of the final model).</summary>
    void Finish(MeasureFinishContext context)
    {
    }

    /// <summary>
    /// What <c>analyze</c> prints of this measure's results once <see cref="Finish"/> has run, as
    /// (label, value) rows; default none.
    /// </summary>
    IReadOnlyList<KeyValuePair<string, string>> Highlights => [];

    /// <summary>
    /// Spans and markers on the step axis that every measure's training curves may draw (the phases
    /// of grokking, for instance), read from this measure's analysis output; default none.
    /// Called before any <see cref="Report"/>, with <see cref="MeasureReportContext.Annotations"/> empty.
    /// </summary>
    StepAnnotations Annotate(MeasureReportContext context) => StepAnnotations.None;

    /// <summary>
    /// Adds this measure's sections (figures and tables) to the report, from its own columns and
    /// artefacts (<see cref="MeasureReportContext"/>); default none, in which case the report only
    /// lists the measure. It must not load a checkpoint: a report builds from the analysis alone.
    /// </summary>
    void Report(MeasureReportContext context)
    {
    }
}
