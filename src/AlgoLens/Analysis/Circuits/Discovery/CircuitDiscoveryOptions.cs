namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>How edges are judged.</summary>
public enum CircuitMethod
{
    /// <summary>ACDC: every edge patched in turn, in ACDC's order (<c>acdc</c>).</summary>
    Acdc,

    /// <summary>EAP: every edge's first-order effect from one forward and backward pass (<c>eap</c>).</summary>
    Eap,

    /// <summary>EAP removes the edges whose estimated effect is below τ in size, then ACDC prunes what is left (<c>eap-acdc</c>).</summary>
    EapThenAcdc,
}

/// <summary>What a patched edge carries instead of the writer's clean output.</summary>
public enum CircuitPatch
{
    /// <summary>The writer's output on the corrupt input of the same row (<c>corrupt</c>).</summary>
    Corrupt,

    /// <summary>The writer's output averaged over the corrupt inputs, per position (<c>mean</c>).</summary>
    Mean,
}

/// <summary>The settings of one circuit discovery.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Threshold">τ ≥ 0: an edge is removed when patching it damages the metric by less than τ.</param>
/// <param name="Method">ACDC, EAP or both.</param>
/// <param name="Patch">Corrupt or mean patching.</param>
public sealed record CircuitDiscoveryOptions(CircuitMetricKind Metric, double Threshold, CircuitMethod Method = CircuitMethod.Acdc, CircuitPatch Patch = CircuitPatch.Corrupt)
{
    /// <summary>The command-line names of the methods, in <see cref="CircuitMethod"/> order.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = ["acdc", "eap", "eap-acdc"];

    /// <summary>The command-line names of the patches, in <see cref="CircuitPatch"/> order.</summary>
    public static IReadOnlyList<string> PatchNames { get; } = ["corrupt", "mean"];

    /// <summary>The method named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static CircuitMethod ParseMethod(string name) => MethodNames.IndexOf(name) is int i and >= 0
        ? (CircuitMethod)i
        : throw new ArgumentException($"Unknown method '{name}'; use one of {string.Join(", ", MethodNames)}.");

    /// <summary>The patch named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static CircuitPatch ParsePatch(string name) => PatchNames.IndexOf(name) is int i and >= 0
        ? (CircuitPatch)i
        : throw new ArgumentException($"Unknown patch '{name}'; use one of {string.Join(", ", PatchNames)}.");

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">τ negative or not finite; EAP with the KL divergence.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Threshold) || Threshold < 0)
        {
            throw new ArgumentException($"The threshold must be a finite number ≥ 0 (an edge is removed when patching it changes the metric by less than τ); got {Threshold}.");
        }
        if (Method != CircuitMethod.Acdc && Metric == CircuitMetricKind.Kl)
        {
            throw new ArgumentException("EAP estimates effects from the metric's gradient at the full model, and the KL divergence's gradient is 0 there (its minimum): use --metric loss or logit-diff with --method eap or eap-acdc, or --method acdc with kl.");
        }
    }
}

/// <summary>Extension for reading a name's index in a list.</summary>
internal static class NameLists
{
    /// <summary>The index of <paramref name="name"/> in <paramref name="names"/>, -1 if absent.</summary>
    public static int IndexOf(this IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
