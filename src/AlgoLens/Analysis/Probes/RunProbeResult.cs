namespace AlgoLens.Analysis.Probes;

/// <summary>One probe of <see cref="RunProbeResult"/>: a hook (at a layer, for --all-layers) and its scores.</summary>
/// <param name="Layer">The hook's block, or null for a hook outside the blocks (hook_embed).</param>
/// <param name="FullName">The full name of the hook read (a result, resolved already; not a name to resolve).</param>
/// <param name="Result">The probe's scores, decay and directions.</param>
public sealed record LayerProbe(int? Layer, string FullName, ProbeResult Result);

/// <summary>A probe of a run's checkpoint for a task feature, at one hook or at each layer.</summary>
/// <param name="Feature">The feature as asked ("state", "cos_a:14").</param>
/// <param name="FeatureKind">"class" or "real".</param>
/// <param name="Step">The checkpoint's step.</param>
/// <param name="Examples">Examples run through the model.</param>
/// <param name="Rows">Probe rows: (example, position) pairs where the feature is defined.</param>
/// <param name="Positions">The positions read.</param>
/// <param name="Classes">The feature's values, in the order of the probe's classes (empty for a real feature).</param>
/// <param name="Probes">One per hook, in layer order.</param>
public sealed record RunProbeResult(string Feature, string FeatureKind, int Step, int Examples, int Rows, IReadOnlyList<int> Positions,
    IReadOnlyList<double> Classes, IReadOnlyList<LayerProbe> Probes)
{
    /// <summary>"accuracy" for a class feature, "r2" for a real one.</summary>
    public string ScoreName => FeatureKind == "class" ? "accuracy" : "r2";
}
