namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// The outcome of causal scrubbing: mean losses (cross-entropy per loss position) of the model as
/// it is, under the hypothesis's resampling, and with everything the hypothesis touches resampled
/// from random inputs; and the fraction of the loss the hypothesis recovers,
/// (L_random − L_scrubbed) / (L_random − L_clean) (1: the hypothesis explains the loss; 0: no better
/// than random; NaN when L_random = L_clean, where the touched activations do not matter at all).
/// </summary>
/// <param name="Hypothesis">The hypothesis's name.</param>
/// <param name="LossClean">Loss of the unmodified model.</param>
/// <param name="LossScrubbed">Expected loss under the hypothesis's resampling.</param>
/// <param name="LossRandom">Expected loss with every node taken whole from a random input.</param>
/// <param name="Exact">True when both expectations enumerate every allowed resample.</param>
/// <param name="StandardErrorScrubbed">Standard error of <paramref name="LossScrubbed"/>; null when exact.</param>
/// <param name="StandardErrorRandom">Standard error of <paramref name="LossRandom"/>; null when exact.</param>
/// <param name="Samples">Draws per input in the sampled path; null when exact.</param>
/// <param name="Inputs">The inputs the losses average over.</param>
/// <param name="Rows">Forward rows (input × resample) evaluated for the scrubbed and random losses together.</param>
public sealed record ScrubResult(
    string Hypothesis, double LossClean, double LossScrubbed, double LossRandom, bool Exact,
    double? StandardErrorScrubbed, double? StandardErrorRandom, int? Samples, int Inputs, long Rows)
{
    /// <summary>(L_random − L_scrubbed) / (L_random − L_clean).</summary>
    public double FractionRecovered => (LossRandom - LossScrubbed) / (LossRandom - LossClean);
}
