namespace AlgoLens.Analysis.Patching;

/// <summary>
/// The metric with one target patched (or its attribution estimate), and the normalised effect
/// (value − corrupt) / (clean − corrupt): 1 restores the clean metric, 0 changes nothing (NaN when
/// clean and corrupt agree).
/// </summary>
/// <param name="Target">What was patched.</param>
/// <param name="Value">The metric of the corrupt run with the target patched (estimated, for attribution patching).</param>
/// <param name="Normalized">(Value − corrupt) / (clean − corrupt).</param>
public sealed record PatchEffect(PatchTarget Target, double Value, double Normalized);
