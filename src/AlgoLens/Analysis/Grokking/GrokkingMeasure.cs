using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Measures;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// The progress measures of Nanda et al. (2023) as a plug-in: restricted and excluded loss, Gini
/// coefficients of the Fourier norms, key-frequency count, embedding share, neurons explained and
/// logit variance explained, all against the FINAL model's key frequencies (found in
/// <see cref="Prepare"/>), as the paper tracks them. <see cref="Finish"/> writes the classic
/// analysis/progress.csv (which also holds the losses and Σw² of the measures it depends on),
/// analysis/summary.json (mechanism and phases) and the <see cref="GrokkingFinalModel"/> artefact;
/// its report section (<see cref="GrokkingReport"/>) sets the run beside the paper and marks the
/// phases on the training curves. Applies where <see cref="GrokkingApplicability"/> says.
/// </summary>
public sealed class GrokkingMeasure : ICheckpointMeasure
{
    /// <summary>The measure's name.</summary>
    public const string MeasureName = "grokking";

    private int p;
    private CyclicOperation operation = CyclicOperation.Add;
    private int[] trainIndices = [];
    private int[] keys = [];
    private GrokkingMeasures? final;

    /// <inheritdoc/>
    public string Name => MeasureName;

    /// <inheritdoc/>
    public string Description => "Nanda et al.'s progress measures against the final model's key frequencies";

    /// <summary>Its run summary and progress.csv read the losses and the total Σw² of these.</summary>
    public IReadOnlyList<string> DependsOn { get; } = [LossesMeasure.MeasureName, WeightNormsMeasure.MeasureName];

    /// <summary>The run's summary, once <see cref="Finish"/> has run.</summary>
    public GrokkingSummary? Summary { get; private set; }

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run) => GrokkingApplicability.WhyNot(run);

    /// <inheritdoc/>
    public string? WhyNotDuringTraining =>
        "it tracks the key frequencies of the final model back through training, and the final model does not exist until training ends: run `algolens analyze RUN_DIR` once the run is trained";

    /// <inheritdoc/>
    public void Prepare(RunFolder run, IModel finalModel, int finalStep)
    {
        ArgumentNullException.ThrowIfNull(run);
        var task = (ModularArithmeticTask)run.Task;
        p = task.P;
        operation = CyclicOperation.FromName(task.Operation.Name)
            ?? throw new ArgumentException($"The grokking measures do not cover '{task.Operation.Name}': {GrokkingApplicability.WhyNot(run)}", nameof(run));
        trainIndices = run.Data.TrainIndices ?? throw new InvalidOperationException($"Task '{run.Task.Name}' has no enumerated training split.");
        // The final model's key frequencies are the ones tracked through training, as in the paper.
        final = GrokkingProgress.Measure(Transformer(finalModel), p, trainIndices, operation: operation);
        keys = final.KeyFrequencies.ToArray();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = GrokkingProgress.Measure(Transformer(context.Model), p, trainIndices, keys, operation: operation);
        return new Dictionary<string, double>
        {
            ["restricted_loss"] = m.RestrictedLoss,
            ["excluded_loss"] = m.ExcludedLoss,
            ["gini_embedding"] = m.GiniEmbedding,
            ["gini_neuron_logit_map"] = m.GiniNeuronLogitMap,
            ["key_frequency_count"] = m.KeyFrequencyCount,
            ["embedding_share_in_key_frequencies"] = m.EmbeddingShare,
            ["neurons_explained_fraction"] = m.FractionOfNeuronsExplained,
            ["logit_variance_explained"] = m.LogitVarianceExplained,
        };
    }

    /// <inheritdoc/>
    public void Finish(MeasureFinishContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = ProgressRows(context.Table);
        AtomicFile.WriteAllText(Path.Combine(context.AnalysisDirectory, ProgressRow.FileName), ProgressRow.Header + "\n" + string.Concat(rows.Select(r => r.ToCsv() + "\n")));
        context.Record(ProgressRow.FileName);
        var model = Transformer(context.FinalModel);
        Summary = GrokkingSummaryBuilder.Of(model, p, keys, final!, rows, context.FinalStep, operation) with { Seconds = context.Elapsed.TotalSeconds };
        Summary.Save(context.AnalysisDirectory);
        context.Record(GrokkingSummary.FileName);
        context.WriteArtefact(GrokkingFinalModel.ArtefactName, GrokkingFinalModel.Of(model, p, keys));
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> Highlights => Summary is { } summary ? GrokkingHighlights.Of(summary) : [];

    /// <inheritdoc/>
    public StepAnnotations Annotate(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GrokkingReport.Summary(context).Phases.ToStepAnnotations();
    }

    /// <inheritdoc/>
    public void Report(MeasureReportContext context) => GrokkingReport.Add(context);

    // The classic progress rows: this measure's columns with the losses and Σw² of the measures it
    // depends on (present: the analyser runs a measure only when its dependencies ran).
    private static ProgressRow[] ProgressRows(MeasureTable table) =>
        table.Steps.Select((step, i) => new ProgressRow(step,
            table[i, "train_loss"], table[i, "train_accuracy"], table[i, "test_loss"], table[i, "test_accuracy"],
            table[i, "restricted_loss"], table[i, "excluded_loss"], table[i, "gini_embedding"], table[i, "gini_neuron_logit_map"],
            table[i, "sum_squared_weights"], (int)table[i, "key_frequency_count"], table[i, "embedding_share_in_key_frequencies"],
            table[i, "neurons_explained_fraction"], table[i, "logit_variance_explained"])).ToArray();

    private static HookedTransformer Transformer(IModel model) =>
        model as HookedTransformer ?? throw new ArgumentException($"The grokking measures need a transformer; this model is a '{model.Kind}'.", nameof(model));
}
