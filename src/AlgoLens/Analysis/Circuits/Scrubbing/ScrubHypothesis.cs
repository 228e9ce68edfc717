using AlgoLens.Common;
using AlgoLens.Models;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// A causal-scrubbing hypothesis (Chan et al. 2022): the activations it claims matter, each with the
/// feature of the input it computes. What a node's subspace leaves out is claimed not to matter and
/// is resampled from random inputs; activations no node names are computed by the model as usual
/// from the (scrubbed) activations before them. Nodes are scrubbed independently: each node's
/// resampled activation is the one the unmodified model computes on the resampled input.
/// </summary>
/// <param name="Name">A short name (e.g. <c>fourier</c>).</param>
/// <param name="Nodes">The claims, at least one; no two on the same hook and head.</param>
public sealed record ScrubHypothesis(string Name, IReadOnlyList<ScrubNode> Nodes)
{
    /// <summary>
    /// Throws a clear error when a node does not fit <paramref name="model"/> on inputs like
    /// <paramref name="examples"/>: a hook the model lacks (naming similar ones), a hook
    /// without a position axis to resample, a head on a hook without heads or out of range, a
    /// position out of range, a subspace of the wrong width, or two nodes on the same hook and head.
    /// Returns the hypothesis with every node's hook as its full name (shorthand such as
    /// ("z", 1) or "z1" resolved as every API resolves it, <see cref="ModelBase.ResolveHookName"/>).
    /// </summary>
    public ScrubHypothesis Validate(IModel model, Data.ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        if (Nodes.Count == 0)
        {
            throw new ArgumentException($"Hypothesis '{Name}' has no nodes; give at least one.");
        }
        var resolved = this with { Nodes = Nodes.Select((node, n) => node with { Hook = FullName(model, node.Hook, n) }).ToList() };
        resolved.ValidateResolved(model, examples);
        return resolved;
    }

    // A node's hook as its full name; a name the model lacks is refused naming the node and the nearest hooks.
    private static string FullName(IModel model, string hook, int node)
    {
        if (model is not ModelBase withNames)
        {
            return hook;
        }
        try
        {
            return withNames.ResolveHookName(hook);
        }
        catch (UnknownHookException e)
        {
            throw new UnknownHookException($"Node {node}: {e.Message}", e.HookName, e.Similar);
        }
    }

    private void ValidateResolved(IModel model, Data.ExampleBatch examples)
    {
        int positions = examples.Input.Positions;
        var hooks = model.HookPoints.ToDictionary(h => h.Name, StringComparer.Ordinal);
        var seen = new HashSet<(string, int?)>();
        for (int n = 0; n < Nodes.Count; n++)
        {
            var node = Nodes[n];
            string where = $"Node {n} ('{node.Hook}')";
            if (!hooks.TryGetValue(node.Hook, out var point))
            {
                throw new ArgumentException($"Node {n}: the model has no hook '{node.Hook}'. Similar hooks: {string.Join(", ", Similar(node.Hook, hooks.Keys))}.");
            }
            var layout = HookLayout.Of(point);
            if (layout.Kind == HookLayoutKind.Unsupported)
            {
                throw new ArgumentException($"{where}: causal scrubbing resamples activations per position, on hooks shaped [batch, pos, ...]; '{point.Name}' is {point.Shape}. Use attn.hook_z, hook_q/k/v or a residual hook instead.");
            }
            if (node.Head is { } head)
            {
                if (layout.Kind != HookLayoutKind.Heads)
                {
                    throw new ArgumentException($"{where}: 'head' selects a head, but '{point.Name}' ({point.Shape}) has no head axis; select a head on attn.hook_q, hook_k, hook_v, hook_z or hook_result.");
                }
                int heads = HookLayout.Heads(model);
                if (head < 0 || head >= heads)
                {
                    throw new ArgumentException($"{where}: head {head} is outside 0..{heads - 1}.");
                }
            }
            if (!seen.Add((node.Hook, node.Head)))
            {
                throw new ArgumentException($"{where}: another node already claims the same hook{(node.Head is { } h ? $" and head {h}" : "")}; put both claims in one node or split by head.");
            }
            foreach (int position in node.Positions ?? [])
            {
                if (position < -positions || position >= positions)
                {
                    throw new ArgumentException($"{where}: position {position} is outside the inputs' {positions} positions (0..{positions - 1}, or -{positions}..-1 from the end).");
                }
            }
            if (node.Positions is { Count: 0 })
            {
                throw new ArgumentException($"{where}: 'positions' is empty; leave it out for every position.");
            }
        }
        // Widths come from a one-row probe: not every hook's width is a config field.
        var shapes = HookLayout.Probe(model, examples, Nodes.Select(n => n.Hook).Distinct().ToList());
        foreach (var node in Nodes)
        {
            node.Subspace.CheckFits(node.Hook, VectorWidth(node, shapes[node.Hook]));
        }
    }

    /// <summary>
    /// The length of the vector a node claims at one position: the last axis, or every head's
    /// d_head together when the node takes a head hook whole.
    /// </summary>
    internal static int VectorWidth(ScrubNode node, int[] shape) =>
        shape.Length == 4 && node.Head is null ? shape[2] * shape[3] : shape[^1];

    // The five hook names closest to a misspelt one (edit distance; ties in forward order).
    private static IEnumerable<string> Similar(string name, IEnumerable<string> names) =>
        names.Select((n, i) => (Name: n, Distance: EditDistance.Between(name, n), Index: i))
            .OrderBy(x => x.Distance).ThenBy(x => x.Index).Take(5).Select(x => x.Name);
}
