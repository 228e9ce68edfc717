using System.Globalization;
using AlgoLens.Analysis.Measures;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Reports.Charts;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// The per-head circuit detectors (<see cref="CircuitDetectors"/>) at every checkpoint, so that the
/// report shows when a circuit forms (an induction head on <c>repeat</c>, say): columns
/// <c>circuits.{detector}.L{layer}H{head}</c> holding each detector's score, on the repeated random
/// halves of the run's task (<see cref="DetectionTokens"/>, the same tokens at every checkpoint).
/// Applies to transformers reading tokens whose context holds a repeated half of at least two tokens
/// (n_ctx ≥ 5); a detector that does not apply (induction in one layer) has no columns.
/// </summary>
public sealed class CircuitDetectorsMeasure : ICheckpointMeasure
{
    /// <summary>The measure's name, the prefix of its columns.</summary>
    public const string MeasureName = "circuits";

    /// <summary>The shortest context the measure reads: BOS and two tokens twice.</summary>
    public const int MinContext = 5;

    private TokenBatch? tokens;
    private IReadOnlyList<(int Input, int Output)>? basis;
    private readonly List<KeyValuePair<string, string>> highlights = [];

    /// <inheritdoc/>
    public string Name => MeasureName;

    /// <inheritdoc/>
    public string Description => "circuit detector scores per head (previous-token, duplicate-token, induction, first-token, self, copying) on repeated random halves";

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> Highlights => highlights;

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Info.ModelConfig is not HookedTransformerConfig config)
        {
            return $"the model kind '{run.Info.ModelKind}' has no attention heads";
        }
        if (config.ReadsValues || run.Task.Vocabulary.Count == 0)
        {
            return "the model reads real-valued vectors, not tokens";
        }
        return config.NCtx < MinContext
            ? $"a context of {config.NCtx} positions has no room for repeated halves of two tokens or more (n_ctx ≥ {MinContext}); `algolens detect --tokens` scores given sequences"
            : null;
    }

    /// <inheritdoc/>
    public void Prepare(RunFolder run, IModel finalModel, int finalStep)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(finalModel);
        var config = ((HookedTransformer)finalModel).Config;
        tokens = DetectionTokens.RepeatedHalves(config.NCtx, config.DVocab, run.Task);
        basis = DetectionReport.TokenBasis(run.Task);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sequences = tokens ?? throw new InvalidOperationException("Prepare was not called.");
        var values = new Dictionary<string, double>();
        foreach (var result in CircuitDetectors.Detect(context.Model, sequences, basis))
        {
            if (result.Score is { } score)
            {
                values[Column(result.Name, result.Layer!.Value, result.Head!.Value)] = score;
            }
        }
        return values;
    }

    /// <inheritdoc/>
    public void Finish(MeasureFinishContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        highlights.Clear();
        var duringTraining = MeasuresDuringTraining.Read(context.Run.Directory);
        foreach (string detector in CircuitDetectors.HeadDetectorNames)
        {
            var columns = context.Table.Columns.Where(c => c.StartsWith($"{MeasureName}.{detector}.", StringComparison.Ordinal)).ToList();
            if (columns.Count == 0)
            {
                continue;
            }
            double threshold = CircuitDetectors.ThresholdOf(detector);
            var final = columns.Select(c => (Column: c, Values: context.Table.Column(c))).ToList();
            var detected = final.Where(c => c.Values[^1] >= threshold).ToList();
            // The step a head is detected from, at step resolution where training measured it.
            var (steps, table) = Resolution(context.Table, duringTraining, columns);
            string text = detected.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"none (best {Head(final.MaxBy(c => c.Values[^1]).Column)} at {final.Max(c => c.Values[^1]):0.00})")
                : string.Join(", ", detected.Select(c => string.Create(CultureInfo.InvariantCulture,
                    $"{Head(c.Column)} {c.Values[^1]:0.00} (from step {FirstStepAbove(steps, table.Column(c.Column), threshold)})")));
            highlights.Add(new($"{detector} heads", text));
        }
    }

    /// <inheritdoc/>
    public void Report(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var section = context.Page.AddSection("Circuit detectors")
            .Paragraph("Each detector's score per head (L layer, H head) at every checkpoint, on repeated random halves of the task's tokens: "
                + "for previous-token, duplicate-token and induction heads the attention on TransformerLens's detection pattern averaged over the queries that have a target (1 for a perfect head); "
                + "for first-token and self heads the mean attention on position 0 and on the diagonal; for copying heads the fraction of the OV circuit's eigenvalues with a positive real part. "
                + string.Create(CultureInfo.InvariantCulture, $"A head is detected at {CircuitDetectors.AttentionThreshold} ({CircuitDetectors.CopyingThreshold} for copying). See docs/circuits.md."));
        foreach (string detector in CircuitDetectors.HeadDetectorNames)
        {
            var columns = context.Measure.Columns.Where(c => c.StartsWith($"{MeasureName}.{detector}.", StringComparison.Ordinal)).ToList();
            if (columns.Count == 0)
            {
                continue;
            }
            var (steps, table) = Resolution(context.Table, context.DuringTraining, columns);
            bool measuredDuringTraining = !ReferenceEquals(table, context.Table);
            var chart = new LineChart { Title = $"{detector} score per head" };
            chart.XAxis.Title = "step";
            chart.YAxis.Title = "score";
            double[] x = steps.Select(s => (double)s).ToArray();
            foreach (string c in columns)
            {
                chart.Add(Head(c), x, table.Column(c));
            }
            string when = measuredDuringTraining
                ? string.Create(CultureInfo.InvariantCulture, $" at {steps.Count} steps measured during training (train --measure {MeasureName}, measures.csv)")
                : " at the analysed checkpoints";
            section.Figure(chart, $"The {detector.Replace('_', '-')} score of each head over training{when}.", $"circuits-{detector.Replace('_', '-')}");
        }
    }

    /// <summary>The column of one head's score for one detector.</summary>
    public static string Column(string detector, int layer, int head) =>
        string.Create(CultureInfo.InvariantCulture, $"{MeasureName}.{detector}.L{layer}H{head}");

    // The finest record of these columns: the measures taken during training when they hold every
    // one of them at more steps than the checkpoints, else the analysed checkpoints.
    private static (IReadOnlyList<int> Steps, MeasureTable Table) Resolution(MeasureTable checkpoints, MeasureTable? duringTraining, IReadOnlyList<string> columns) =>
        duringTraining is not null && duringTraining.Steps.Count > checkpoints.Steps.Count && columns.All(duringTraining.Has)
            ? (duringTraining.Steps, duringTraining)
            : (checkpoints.Steps, checkpoints);

    private static string Head(string column) => column[(column.LastIndexOf('.') + 1)..];

    private static string FirstStepAbove(IReadOnlyList<int> steps, double[] values, double threshold)
    {
        // The first step from which the score stays at or above the threshold.
        int first = values.Length - 1;
        while (first > 0 && values[first - 1] >= threshold)
        {
            first--;
        }
        return steps[first].ToString(CultureInfo.InvariantCulture);
    }
}
