namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// One detector's verdict on one head (or on the whole model, <see cref="Layer"/> and <see cref="Head"/>
/// null), or why it does not apply.
/// </summary>
/// <param name="Name">The detector (<see cref="CircuitDetectors"/>' names, e.g. <c>induction</c>).</param>
/// <param name="Layer">The head's layer; null for a whole-model detector or one that does not apply.</param>
/// <param name="Head">The head; null likewise.</param>
/// <param name="Score">The score in [0, 1] (1 for a perfect head); null when the detector does not apply.</param>
/// <param name="TlScore">TransformerLens's <c>detect_head(..., error_measure="mul")</c> on the same tokens, for the three detectors TL has; null otherwise.</param>
/// <param name="Threshold">The score at or above which the circuit counts as detected.</param>
/// <param name="Reason">Why the detector does not apply; null when it does.</param>
public sealed record DetectorResult(string Name, int? Layer, int? Head, double? Score, double? TlScore, double Threshold, string? Reason = null)
{
    /// <summary>Whether the detector applies to the model (and tokens).</summary>
    public bool Applicable => Reason is null;

    /// <summary>Whether the score reaches the threshold.</summary>
    public bool Detected => Score is { } score && score >= Threshold;

    /// <summary>A detector that does not apply, with why.</summary>
    public static DetectorResult NotApplicable(string name, double threshold, string reason) => new(name, null, null, null, null, threshold, reason);
}
