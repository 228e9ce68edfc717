using System.Globalization;
using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Measures;
using AlgoLens.Reports.Html;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// The grokking measure's report section: the run beside the paper (<see cref="GrokkingReference"/>),
/// the progress measures with the phases, and the final model's Fourier mechanism. Built from
/// analysis/progress.csv, summary.json and artefacts/grokking.json, which <see cref="GrokkingMeasure"/> wrote.
/// </summary>
internal static class GrokkingReport
{
    /// <summary>analysis/summary.json of the run being reported.</summary>
    public static GrokkingSummary Summary(MeasureReportContext context) =>
        GrokkingSummary.Load(Path.Combine(context.RunDirectory, RunAnalysis.Folder));

    public static void Add(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var summary = Summary(context);
        var progress = ProgressRow.Read(context.RunDirectory);
        var final = Artefacts.Read<GrokkingFinalModel>(context.RunDirectory, GrokkingFinalModel.ArtefactName);
        var operation = CyclicOperation.FromName(summary.Operation) ?? CyclicOperation.Add;
        string ab = Compact(operation);
        var keys = summary.KeyFrequencies;
        var phases = summary.Phases.ToStepAnnotations();

        var page = context.Page;
        page.Title = $"Grokking ({operation.Formula}) mod {summary.P}";
        var info = context.Info;
        if (info.ModelConfig is Models.HookedTransformerConfig shape)
        {
            page.Summary = $"A {shape.NLayers}-layer transformer (d_model {shape.DModel}, {shape.NHeads} heads, d_mlp {shape.DMlp}) trained on {info.TrainExamples} of the {info.TrainExamples + info.TestExamples} pairs. "
                + $"It uses the key frequencies {string.Join(", ", keys)}: {summary.NeuronsExplainedFraction:P0} of its neurons are explained by one frequency and Σ α cos(w({ab}−c)) explains {summary.LogitVarianceExplained:P0} of its logits' variance.";
        }
        page.AddHeaderItem("test acc ≥ 99% at step", summary.Phases.GrokStep?.ToString(CultureInfo.InvariantCulture) ?? "not reached");
        page.AddHeaderItem("key frequencies", string.Join(", ", keys));

        page.AddSection("This run beside the paper")
            .Paragraph($"The paper's numbers are those of {GrokkingReference.Paper.Citation}, main seed, and, where marked, of {GrokkingReference.LibtorchRun.Citation}. "
                + "Phase boundaries here follow operational rules: memorisation ends at the test-loss peak, cleanup starts at the excluded-loss peak, and ends when the Gini coefficient of W_E has covered 95% of its rise.")
            .Table(FactsTable(summary, info, context.Metrics, ab));

        page.AddSection("Progress measures")
            .Paragraph($"Restricted loss keeps only the key-frequency directions cos/sin(w_k({ab})) of the logits; excluded loss removes them and is taken on the training data. Both use the final model's key frequencies.")
            .Figure(GrokkingFigures.RestrictedExcluded(progress, phases), "Restricted loss falls during circuit formation, before the test loss; excluded loss rises: the model leans on the general circuit while it still memorises.", "restricted-excluded")
            .Figure(GrokkingFigures.Gini(progress, phases), "Gini coefficients of the Fourier norms of W_E and W_L rise sharply in cleanup: the weights become sparse in the Fourier basis.", "gini")
            .Figure(GrokkingFigures.SquaredWeights(progress, phases), "Weight decay: the total sum of squared weights falls smoothly, then sharply in cleanup.", "squared-weights")
            .Figure(GrokkingFigures.MechanismShares(progress, phases, ab), "Shares explained by the Fourier circuit at each checkpoint (final key frequencies).", "shares");

        page.AddSection("The final model's mechanism")
            .Figure(GrokkingFigures.EmbeddingNorms(final), "The embedding in the Fourier basis is sparse: a few key frequencies carry almost all of its norm.", "embedding-norms")
            .Figure(GrokkingFigures.NeuronsPerFrequency(final), "MLP neurons cluster by frequency.", "neurons-per-frequency")
            .Figure(GrokkingFigures.NeuronFrequencyShares(final), "Each neuron's variance over the (a, b) grid, split by frequency; neurons sorted by their frequency.", "neuron-shares")
            .Figure(GrokkingFigures.NeuronFourier(final), "2-D Fourier spectra of one neuron per key frequency: the variance sits in the {const, cos k, sin k}² block.", "neuron-fourier")
            .Figure(GrokkingFigures.LogitFourier(final), "The logits in the 2-D Fourier basis: they use cos/sin terms of the key frequencies only.", "logit-fourier")
            .Figure(GrokkingFigures.AttentionToFirstOperand(final), "Attention from '=' to the first operand a, per head, over every (a, b): the pattern is itself periodic in a and b.", "attention");
        if (final.NeuronClusters.Count > 0)
        {
            page.AddSection("Neuron clusters")
                .Paragraph("The neurons grouped by the frequency that explains them (≥85% of their variance), the rest as unexplained. Each share is the cluster's energy in the cos/sin pair of its frequency over its energy in all non-constant components: "
                    + "input, of Σ_h W_E·W_V[h]·W_O[h]·W_in (its input from an operand's embedding along the attention's value path, a function of a and of b); output, of W_out·W_U (its weights to the logits, a function of c); logit, of its activations·W_out·W_U over every (a, b) (its direct effect on the logits).")
                .Table(ClustersTable(final.NeuronClusters));
        }
    }

    private static HtmlTable ClustersTable(IReadOnlyList<NeuronCluster> clusters)
    {
        static string Share(double? share) => share is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : "-";
        var table = new HtmlTable("cluster", "frequency", "neurons", "input share", "output share", "logit share");
        foreach (var c in clusters)
        {
            table.AddRow(c.Frequency == 0 ? "unexplained" : $"k = {c.Frequency}", c.Frequency == 0 ? "-" : c.Frequency.ToString(CultureInfo.InvariantCulture),
                c.Neurons.ToString(CultureInfo.InvariantCulture), Share(c.InputShare), Share(c.OutputShare), Share(c.LogitShare));
        }
        return table;
    }

    // "a+b" or "a−b", as the formulas w(a+b−c) are written.
    private static string Compact(CyclicOperation operation) => operation.Formula.Replace(" ", "", StringComparison.Ordinal);

    private static HtmlTable FactsTable(GrokkingSummary s, RunInfo info, IReadOnlyList<MetricsRow> metrics, string ab)
    {
        const string Libtorch = "libtorch run";
        string Step(int? step) => step?.ToString("N0", CultureInfo.InvariantCulture) ?? "not reached";
        var peak = metrics.Count == 0 ? null : metrics.MaxBy(r => r.TestLoss);
        var table = new HtmlTable("fact", "paper", "this run");
        table.AddRow("key frequencies",
            $"{{{string.Join(", ", GrokkingReference.Paper.KeyFrequencies)}}}; other seeds {GrokkingReference.Paper.OtherSeedsFewestKeyFrequencies} to {GrokkingReference.Paper.OtherSeedsMostKeyFrequencies}",
            $"{{{string.Join(", ", s.KeyFrequencies)}}} ({s.KeyFrequencies.Count})");
        table.AddRow("neurons explained by one frequency (≥85%)",
            $"{GrokkingReference.Paper.NeuronsExplained} / {GrokkingReference.Paper.Neurons} ({Percent((double)GrokkingReference.Paper.NeuronsExplained / GrokkingReference.Paper.Neurons, 1)})",
            $"{s.NeuronsExplained} / {s.Neurons} ({s.NeuronsExplainedFraction:P1})");
        if (s.NeuronsExplained < s.Neurons)
        {
            table.AddRow("the others: ≥85% in two frequencies; commonest second frequencies (neurons)", "-",
                $"{s.UnexplainedInTwoFrequencies}; {string.Join(", ", s.UnexplainedSecondFrequencies.Select(c => $"{c.Frequency} ({c.Neurons})"))}");
        }
        string logitShare = Percent(GrokkingReference.Paper.LogitVarianceExplained, 0);
        table.AddRow($"logit variance explained by Σ α cos(w({ab}−c))", ab == "a+b" ? logitShare : $"{logitShare} (addition)", $"{s.LogitVarianceExplained:P1}");
        table.AddRow("embedding norm² in key frequencies",
            $"{GrokkingReference.LibtorchRun.EmbeddingShare:F2} at {Thousands(GrokkingReference.LibtorchRun.EmbeddingShareStep)} ({Libtorch})",
            $"{s.EmbeddingShareInKeyFrequencies:F2} at {s.FinalStep:N0}");
        table.AddRow("end of memorisation (test-loss peak)",
            $"{Thousands(GrokkingReference.Paper.MemorisationEndStep)} (peak {GrokkingReference.LibtorchRun.TestLossPeak:F1} at {Thousands(GrokkingReference.LibtorchRun.TestLossPeakStep)}, {Libtorch})",
            peak is null ? "-" : $"{Step(s.Phases.MemorisationEnd)} (peak {peak.TestLoss:F1})");
        table.AddRow("end of circuit formation / start of cleanup", Thousands(GrokkingReference.Paper.CleanupStartStep), Step(s.Phases.CleanupStart));
        table.AddRow("end of cleanup", Thousands(GrokkingReference.Paper.CleanupEndStep), Step(s.Phases.CleanupEnd));
        table.AddRow("test accuracy ≥ 99%", $"{Thousands(GrokkingReference.LibtorchRun.TestAccuracy99Step)} ({Libtorch})", Step(s.Phases.GrokStep));
        table.AddRow("restricted loss < 0.1 vs test loss < 0.1", "restricted falls first", $"{Step(s.RestrictedLossBelow01Step)} vs {Step(s.TestLossBelow01Step)}");
        table.AddRow("training time", $"{GrokkingReference.LibtorchRun.MinutesToTestAccuracy99:0} min to 99% (libtorch, 2 cores)", info.Summary?.SecondsToTestAccuracy99 is { } t ? $"{t / 60:F1} min to 99%" : "-");
        return table.HighlightColumn(2);
    }

    // 9400 → "9.4k", 14000 → "14k": steps as the paper writes them.
    private static string Thousands(int step) => (step / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k";

    // 0.846 → "84.6%" (no space, as the paper writes it).
    private static string Percent(double share, int decimals) => (share * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
}
