using AlgoLens.Analysis.Fourier;
using AlgoLens.Models;

namespace AlgoLens.Analysis.Grokking;

/// <summary>Builds <see cref="GrokkingSummary"/>: the final model's mechanism and the phases read off the progress rows.</summary>
public static class GrokkingSummaryBuilder
{
    /// <summary>The summary of a run whose final model is <paramref name="model"/>; <paramref name="operation"/> null for addition.</summary>
    public static GrokkingSummary Of(HookedTransformer model, int p, int[] keys, GrokkingMeasures final, IReadOnlyList<ProgressRow> rows, int finalStep,
        CyclicOperation? operation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(rows);
        var basis = new FourierBasis(p);
        var (logits, activations) = GrokkingProgress.LastPosition(model, p, model.Config.NLayers - 1);
        var neurons = NeuronFrequencies.Analyse(basis, activations);
        var perFrequency = neurons.ExplainedPerFrequency();
        var unexplained = Enumerable.Range(0, neurons.Neurons).Where(j => !neurons.IsExplained(j)).ToArray();
        var fit = LogitCosineFit.Fit(basis, logits, keys, operation);
        var phases = Phases.Detect(rows);
        ProgressRow? At(int? step) => step is null ? null : rows.FirstOrDefault(r => r.Step == step);
        var steepest = SteepestFall(rows.Where(r => r.Step >= (phases.MemorisationEnd ?? 0)).ToList(), window: 1000);
        var afterMemorisation = At(phases.MemorisationEnd);
        return new GrokkingSummary
        {
            P = p,
            Operation = (operation ?? CyclicOperation.Add).Name,
            FinalStep = finalStep,
            KeyFrequencies = keys,
            EmbeddingShareInKeyFrequencies = final.EmbeddingShare,
            NeuronsExplainedFraction = final.FractionOfNeuronsExplained,
            NeuronsExplained = final.NeuronsExplained,
            Neurons = final.Neurons,
            NeuronsPerKeyFrequency = keys.Select(k => perFrequency[k]).ToArray(),
            UnexplainedInTwoFrequencies = unexplained.Count(j => neurons.Fraction[j] + neurons.SecondFraction[j] >= neurons.Threshold),
            UnexplainedSecondFrequencies = unexplained.Where(j => neurons.SecondFrequency[j] > 0)
                .GroupBy(j => neurons.SecondFrequency[j])
                .Select(g => new FrequencyCount(g.Key, g.Count()))
                .OrderByDescending(c => c.Neurons).ThenBy(c => c.Frequency).Take(5).ToArray(),
            LogitVarianceExplained = fit.VarianceExplained,
            LogitCosineAlphas = fit.Alphas.ToArray(),
            Phases = phases,
            RestrictedLossBelow01Step = rows.FirstOrDefault(r => r.RestrictedLoss < 0.1)?.Step,
            TestLossBelow01Step = rows.FirstOrDefault(r => r.TestLoss < 0.1)?.Step,
            ExcludedLossAtMemorisationEnd = At(phases.MemorisationEnd)?.ExcludedLoss,
            ExcludedLossAtCleanupStart = At(phases.CleanupStart)?.ExcludedLoss,
            SteepestSquaredWeightsFallPer1kSteps = steepest?.Rate,
            SteepestSquaredWeightsFallStep = steepest?.Step,
            MeanSquaredWeightsFallPer1kSteps = afterMemorisation is { } m && rows[^1].Step > m.Step
                ? (m.SumSquaredWeights - rows[^1].SumSquaredWeights) / (rows[^1].Step - m.Step) * 1000 : null,
            Checkpoints = rows.Count,
        };
    }

    // The largest fall of Σw² between checkpoints `window` steps apart (per 1000 steps), and the
    // middle step of that window.
    private static (double Rate, int Step)? SteepestFall(IReadOnlyList<ProgressRow> rows, int window)
    {
        (double Rate, int Step)? best = null;
        int j = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            while (j < rows.Count && rows[j].Step - rows[i].Step < window)
            {
                j++;
            }
            if (j == rows.Count)
            {
                break;
            }
            double rate = (rows[i].SumSquaredWeights - rows[j].SumSquaredWeights) / (rows[j].Step - rows[i].Step) * 1000;
            if (best is null || rate > best.Value.Rate)
            {
                best = (rate, (rows[i].Step + rows[j].Step) / 2);
            }
        }
        return best;
    }
}
