using AlgoLens.Analysis.Fourier;

namespace AlgoLens.Analysis.Grokking;

/// <summary>What <c>analyze</c> prints of a grokking run's summary (<see cref="GrokkingMeasure.Highlights"/>).</summary>
internal static class GrokkingHighlights
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(GrokkingSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rows = new List<KeyValuePair<string, string>>
        {
            new("key frequencies", string.Join(", ", s.KeyFrequencies)),
            new("embedding norm in key freqs", $"{s.EmbeddingShareInKeyFrequencies:P1}"),
            new("neurons explained (≥85%)", $"{s.NeuronsExplained} / {s.Neurons} ({s.NeuronsExplainedFraction:P1})"),
        };
        if (s.NeuronsExplained < s.Neurons)
        {
            string seconds = string.Join(", ", s.UnexplainedSecondFrequencies.Select(c => $"{c.Frequency} ({c.Neurons})"));
            rows.Add(new("the others: ≥85% in two freqs; commonest 2nd freq", $"{s.UnexplainedInTwoFrequencies}; {seconds}"));
        }
        string formula = (CyclicOperation.FromName(s.Operation) ?? CyclicOperation.Add).WithOutput;
        rows.Add(new($"logit variance by Σ α cos(w({formula}))", $"{s.LogitVarianceExplained:P1}"));
        rows.Add(new("phases (memorisation end, cleanup start, cleanup end)", $"{s.Phases.MemorisationEnd}, {s.Phases.CleanupStart}, {s.Phases.CleanupEnd}"));
        rows.Add(new("test accuracy ≥ 99% at", $"{s.Phases.GrokStep}"));
        rows.Add(new("checkpoints analysed", $"{s.Checkpoints} in {s.Seconds:F1} s"));
        return rows;
    }
}
