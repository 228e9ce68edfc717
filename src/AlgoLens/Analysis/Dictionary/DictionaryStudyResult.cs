namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// One dictionary fitted to one hook of one checkpoint and measured: what <c>algolens dictionary
/// --json</c> prints and RUN_DIR/analysis/dictionary-METHOD-HOOK.json holds (snake_case keys, in this order).
/// </summary>
public sealed record DictionaryStudyResult
{
    /// <summary>The method's name.</summary>
    public required string Method { get; init; }

    /// <summary>The hook's full name.</summary>
    public required string Hook { get; init; }

    /// <summary>The position read (non-negative).</summary>
    public required int Position { get; init; }

    /// <summary>The checkpoint.</summary>
    public required int Step { get; init; }

    /// <summary>Atoms k.</summary>
    public required int Components { get; init; }

    /// <summary>The rows' width d.</summary>
    public required int Width { get; init; }

    /// <summary>Rows in all, one per example.</summary>
    public required int Examples { get; init; }

    /// <summary>Rows fitted on.</summary>
    public required int FitRows { get; init; }

    /// <summary>Rows held out, on which the error and the losses are read.</summary>
    public required int HeldOutRows { get; init; }

    /// <summary>The seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Fraction of variance unexplained on the held-out rows.</summary>
    public required double Fvu { get; init; }

    /// <summary>The held-out examples' loss clean, spliced, zero- and mean-ablated.</summary>
    public required SpliceLosses Losses { get; init; }

    /// <summary>The method's own numbers (iterations, converged, ...).</summary>
    public required IReadOnlyDictionary<string, double> Diagnostics { get; init; }

    /// <summary>The toy model's features matched to the atoms, where the hook is its hook_hidden; null otherwise.</summary>
    public FeatureSummary? Features { get; init; }

    /// <summary>The key frequencies the atoms recover, for a grokking run read on all p² inputs; null otherwise.</summary>
    public FrequencySummary? Frequencies { get; init; }

    /// <summary>Wall-clock seconds of the fit.</summary>
    public double FitSeconds { get; init; }

    /// <summary>The result file's name in RUN_DIR/analysis: dictionary-METHOD-HOOK.json, the hook by its full name.</summary>
    public static string FileName(string method, string fullName) => $"dictionary-{method}-{fullName}.json";
}

/// <summary>The toy model's features (columns of W at the instance read) matched one-to-one to the atoms.</summary>
/// <param name="Count">Features.</param>
/// <param name="Matched">Features whose assigned atom has |cosine| ≥ the threshold.</param>
/// <param name="Threshold">0.9.</param>
/// <param name="MeanCosine">Mean assigned |cosine|.</param>
/// <param name="Cosines">Per feature, its assigned atom's |cosine| (0 when it got none).</param>
/// <param name="Assigned">Per feature, its atom (−1 for none).</param>
/// <param name="BestCosines">Per feature, the best |cosine| over all atoms.</param>
public sealed record FeatureSummary(int Count, int Matched, double Threshold, double MeanCosine, IReadOnlyList<double> Cosines, IReadOnlyList<int> Assigned, IReadOnlyList<double> BestCosines)
{
    /// <summary>The summary of a match.</summary>
    public static FeatureSummary Of(FeatureMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new(match.Cosines.Count, match.Matched, match.Threshold, match.MeanCosine, match.Cosines, match.Assigned, match.BestCosines);
    }
}

/// <summary>The key frequencies of a grokking run and which the atoms recover.</summary>
/// <param name="KeyFrequencies">The run's key frequencies (from its MLP neurons, as the grokking analysis finds them).</param>
/// <param name="Recovered">Key frequencies some single-frequency atom sits on.</param>
/// <param name="Other">Frequencies of single-frequency atoms that are not key frequencies.</param>
/// <param name="SingleFrequencyAtoms">Atoms whose codes hold ≥ the threshold of their variance in one frequency.</param>
/// <param name="Threshold">0.85, the neurons' threshold.</param>
/// <param name="AtomFrequencies">Per atom, its frequency.</param>
/// <param name="AtomShares">Per atom, the share of its codes' variance in that frequency.</param>
public sealed record FrequencySummary(IReadOnlyList<int> KeyFrequencies, IReadOnlyList<int> Recovered, IReadOnlyList<int> Other, int SingleFrequencyAtoms, double Threshold, IReadOnlyList<int> AtomFrequencies, IReadOnlyList<double> AtomShares)
{
    /// <summary>The summary of a recovery.</summary>
    public static FrequencySummary Of(FrequencyRecovery recovery)
    {
        ArgumentNullException.ThrowIfNull(recovery);
        return new(recovery.KeyFrequencies, recovery.Recovered, recovery.Other, recovery.SingleFrequencyAtoms, recovery.Threshold, recovery.AtomFrequencies, recovery.AtomShares);
    }
}
