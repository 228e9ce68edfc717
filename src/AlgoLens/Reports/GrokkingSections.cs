using System.Globalization;
using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Progress;
using AlgoLens.Reports.Html;
using AlgoLens.Training;

namespace AlgoLens.Reports;

/// <summary>
/// The grokking sections of a report, present when the grokking measures ran: the run beside the
/// paper, training curves with the phases, the progress measures and the final model's Fourier
/// mechanism. Built from analysis/progress.csv, summary.json and artefacts/grokking.json.
/// </summary>
internal static class GrokkingSections
{
    /// <summary>The run's operation (add or sub), which the text's formulas follow.</summary>
    public static CyclicOperation Operation(RunInfo info) => CyclicOperation.FromName(info.Task) ?? CyclicOperation.Add;

    public static void Add(HtmlReport report, string runDirectory, RunInfo info, IReadOnlyList<MetricsRow> metrics)
    {
        string ab = Compact(Operation(info));
        var progress = RunAnalyzer.ReadProgress(runDirectory);
        var summary = AnalysisSummary.Load(Path.Combine(runDirectory, RunAnalyzer.AnalysisFolder));
        var final = Artefacts.Read<GrokkingFinalModel>(runDirectory, GrokkingFinalModel.ArtefactName);
        var keys = summary.KeyFrequencies;
        var phases = summary.Phases;

        var shape = (Models.HookedTransformerConfig)info.ModelConfig;
        report.Summary = $"A {shape.NLayers}-layer transformer (d_model {shape.DModel}, {shape.NHeads} heads, d_mlp {shape.DMlp}) trained on {info.TrainExamples} of the {info.TrainExamples + info.TestExamples} pairs. "
            + $"It uses the key frequencies {string.Join(", ", keys)}: {summary.NeuronsExplainedFraction:P0} of its neurons are explained by one frequency and Σ α cos(w({ab}−c)) explains {summary.LogitVarianceExplained:P0} of its logits' variance.";
        report.AddHeaderItem("test acc ≥ 99% at step", phases.GrokStep?.ToString(CultureInfo.InvariantCulture) ?? "not reached");
        report.AddHeaderItem("key frequencies", string.Join(", ", keys));

        report.AddSection("This run beside the paper")
            .Paragraph("The paper's numbers are Nanda et al.'s main seed (ICLR 2023) and, where marked, a libtorch run of the same preset on a 2-core machine (shared/reference/grokking.md). Phase boundaries here follow the operational rules in the Phases documentation: memorisation ends at the test-loss peak, cleanup starts at the excluded-loss peak, and ends when the Gini coefficient of W_E has covered 95% of its rise.")
            .Table(FactsTable(summary, info, metrics, ab));

        report.AddSection("Training")
            .Figure(GrokkingFigures.Losses(metrics, phases), "Train and test loss (log scale) with the phases shaded: the model memorises, then, long after, generalises.", "losses")
            .Figure(GrokkingFigures.Accuracy(metrics, phases), "Train and test accuracy.", "accuracy");

        report.AddSection("Progress measures")
            .Paragraph($"Restricted loss keeps only the key-frequency directions cos/sin(w_k({ab})) of the logits; excluded loss removes them and is taken on the training data. Both use the final model's key frequencies.")
            .Figure(GrokkingFigures.RestrictedExcluded(progress, phases), "Restricted loss falls during circuit formation, before the test loss; excluded loss rises: the model leans on the general circuit while it still memorises.", "restricted-excluded")
            .Figure(GrokkingFigures.Gini(progress, phases), "Gini coefficients of the Fourier norms of W_E and W_L rise sharply in cleanup: the weights become sparse in the Fourier basis.", "gini")
            .Figure(GrokkingFigures.SquaredWeights(progress, phases), "Weight decay: the total sum of squared weights falls smoothly, then sharply in cleanup.", "squared-weights")
            .Figure(GrokkingFigures.MechanismShares(progress, phases, ab), "Shares explained by the Fourier circuit at each checkpoint (final key frequencies).", "shares");

        report.AddSection("The final model's mechanism")
            .Figure(GrokkingFigures.EmbeddingNorms(final), "The embedding in the Fourier basis is sparse: a few key frequencies carry almost all of its norm.", "embedding-norms")
            .Figure(GrokkingFigures.NeuronsPerFrequency(final), "MLP neurons cluster by frequency.", "neurons-per-frequency")
            .Figure(GrokkingFigures.NeuronFrequencyShares(final), "Each neuron's variance over the (a, b) grid, split by frequency; neurons sorted by their frequency.", "neuron-shares")
            .Figure(GrokkingFigures.NeuronFourier(final), "2-D Fourier spectra of one neuron per key frequency: the variance sits in the {const, cos k, sin k}² block.", "neuron-fourier")
            .Figure(GrokkingFigures.LogitFourier(final), "The logits in the 2-D Fourier basis: they use cos/sin terms of the key frequencies only.", "logit-fourier")
            .Figure(GrokkingFigures.AttentionToFirstOperand(final), "Attention from '=' to the first operand a, per head, over every (a, b): the pattern is itself periodic in a and b.", "attention");
    }

    // "a+b" or "a−b", as the formulas w(a+b−c) are written.
    private static string Compact(CyclicOperation operation) => operation.Formula.Replace(" ", "", StringComparison.Ordinal);

    private static HtmlTable FactsTable(AnalysisSummary s, RunInfo info, IReadOnlyList<MetricsRow> metrics, string ab)
    {
        string Step(int? step) => step?.ToString("N0", CultureInfo.InvariantCulture) ?? "not reached";
        var peak = metrics.Count == 0 ? null : metrics.MaxBy(r => r.TestLoss);
        var table = new HtmlTable("fact", "paper", "this run");
        table.AddRow("key frequencies", "{14, 35, 41, 42, 52}; other seeds 3 to 5", $"{{{string.Join(", ", s.KeyFrequencies)}}} ({s.KeyFrequencies.Count})");
        table.AddRow("neurons explained by one frequency (≥85%)", "433 / 512 (84.6%)", $"{s.NeuronsExplained} / {s.Neurons} ({s.NeuronsExplainedFraction:P1})");
        if (s.NeuronsExplained < s.Neurons)
        {
            table.AddRow("the others: ≥85% in two frequencies; commonest second frequencies (neurons)", "-",
                $"{s.UnexplainedInTwoFrequencies}; {string.Join(", ", s.UnexplainedSecondFrequencies.Select(c => $"{c.Frequency} ({c.Neurons})"))}");
        }
        table.AddRow($"logit variance explained by Σ α cos(w({ab}−c))", ab == "a+b" ? "95%" : "95% (addition)", $"{s.LogitVarianceExplained:P1}");
        table.AddRow("embedding norm² in key frequencies", "0.92 at 16k (libtorch run)", $"{s.EmbeddingShareInKeyFrequencies:F2} at {s.FinalStep:N0}");
        table.AddRow("end of memorisation (test-loss peak)", "1.4k (peak 25.9 at 1.5k, libtorch run)", peak is null ? "-" : $"{Step(s.Phases.MemorisationEnd)} (peak {peak.TestLoss:F1})");
        table.AddRow("end of circuit formation / start of cleanup", "9.4k", Step(s.Phases.CleanupStart));
        table.AddRow("end of cleanup", "14k", Step(s.Phases.CleanupEnd));
        table.AddRow("test accuracy ≥ 99%", "9.5k (libtorch run)", Step(s.Phases.GrokStep));
        table.AddRow("restricted loss < 0.1 vs test loss < 0.1", "restricted falls first", $"{Step(s.RestrictedLossBelow01Step)} vs {Step(s.TestLossBelow01Step)}");
        table.AddRow("training time", "17 min to 99% (libtorch, 2 cores)", info.Summary?.SecondsToTestAccuracy99 is { } t ? $"{t / 60:F1} min to 99%" : "-");
        return table.HighlightColumn(2);
    }
}
