namespace AlgoLens.Analysis.Patching;

/// <summary>
/// One patching sweep: the method ("activation", "attribution", "path"), the metric's name, its value
/// on the clean and the corrupt runs, and the effect of each target.
/// </summary>
/// <param name="Method">activation, attribution or path.</param>
/// <param name="Metric">The metric's name (logit-diff, loss, prob).</param>
/// <param name="MetricClean">The metric of the clean run.</param>
/// <param name="MetricCorrupt">The metric of the corrupt run.</param>
/// <param name="Effects">Each target's patched metric and normalised effect, in sweep order.</param>
public sealed record PatchingReport(string Method, string Metric, double MetricClean, double MetricCorrupt, IReadOnlyList<PatchEffect> Effects)
{
    /// <summary>(value − corrupt) / (clean − corrupt); NaN when clean and corrupt agree.</summary>
    public static double Normalize(double value, double clean, double corrupt) =>
        clean == corrupt ? double.NaN : (value - corrupt) / (clean - corrupt);

    /// <summary>Builds a report from the targets' patched metrics.</summary>
    internal static PatchingReport Of(string method, PatchingMetric metric, double clean, double corrupt, IReadOnlyList<PatchTarget> targets, IReadOnlyList<double> values) =>
        new(method, metric.Name, clean, corrupt, targets.Select((t, i) => new PatchEffect(t, values[i], Normalize(values[i], clean, corrupt))).ToList());
}
