using AlgoLens.Analysis.Interp;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// One claim of a hypothesis: at hook <paramref name="Hook"/> (one head of it when
/// <paramref name="Head"/> is set), at each of <paramref name="Positions"/>, the
/// <paramref name="Subspace"/> part of the activation computes <paramref name="Feature"/> of the input
/// at that position. Causal scrubbing then takes that part, position by position, from an input that
/// agrees on the feature there, and the rest of the node's activation from one random input.
/// </summary>
/// <param name="Hook">A hook of shape [batch, pos, width] or [batch, pos, head, d_head] (not attention scores or patterns).</param>
/// <param name="Head">A head, on hooks with a head axis; null for the whole hook.</param>
/// <param name="Positions">The positions the node covers (negative counts from the end); null for every position.</param>
/// <param name="Subspace">The claimed part of each position's vector.</param>
/// <param name="Feature">What the claimed part computes.</param>
public sealed record ScrubNode(string Hook, int? Head, IReadOnlyList<int>? Positions, ScrubSubspace Subspace, ScrubFeature Feature)
{
    /// <summary>The node's selection in the terms ablation and patching use.</summary>
    public HookSelection Selection => new(Head: Head);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Hook}{(Head is { } h ? $" head {h}" : "")} at {(Positions is null ? "every position" : "positions " + string.Join(", ", Positions))}: {Subspace.Describe()} computes {ScrubFeatures.NameOf(Feature)}";
}
