using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// A measure taken at every analysed checkpoint of a run: <c>algolens analyze</c> runs each one that
/// applies and writes its scalars as columns of analysis/measures.csv; <c>algolens report</c> builds
/// its sections from the measures present. Adding a measure is one class implementing this
/// interface plus one line in <see cref="MeasureRegistry"/>.
/// </summary>
/// <remarks>
/// The analyser calls, in order: <see cref="WhyNotApplicable"/>; <see cref="Prepare"/> once with the
/// final model (for measures that track the final model's structure back through training, as the
/// grokking measures track its key frequencies); <see cref="Measure"/> at each checkpoint, in
/// ascending steps; <see cref="Finish"/> once with the whole table, to write run-level artefacts.
/// A measure instance serves one run: state set in <see cref="Prepare"/> is that run's.
/// </remarks>
public interface ICheckpointMeasure
{
    /// <summary>Short name, e.g. <c>attention_entropy</c>; also the prefix of its artefact files.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured, for <c>analyze</c>'s output and the docs.</summary>
    string Description { get; }

    /// <summary>Null when the measure applies to <paramref name="run"/>; otherwise why not (shown by <c>analyze</c>).</summary>
    string? WhyNotApplicable(RunFolder run);

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
}
