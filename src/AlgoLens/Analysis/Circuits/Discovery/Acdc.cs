namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// ACDC's pruning (Conmy et al. 2023, Algorithm 1): starting from the graph with the edges in
/// <c>removed</c> already patched, visit the readers in reverse topological order (output first) and
/// each reader's edges nearest writer first; patch the edge, and keep it patched (removed) if the
/// metric's damage against the current circuit's value is below the threshold τ, the current value
/// then becoming the new one; otherwise restore it. A reader whose owner no longer reaches the
/// output has its edges removed untested (they cannot change the output).
/// </summary>
public static class Acdc
{
    /// <summary>
    /// Prunes in place: <paramref name="removed"/> grows by the edges ACDC removes. Returns the
    /// damage measured when each kept edge was tested (its effect) and the number of patched forward
    /// passes run.
    /// </summary>
    public static (IReadOnlyDictionary<CircuitEdge, double> Effects, int Passes) Prune(
        IEdgePatchModel model, CircuitInputs inputs, CircuitMetric metric, SenderActivations replacement, double threshold, HashSet<CircuitEdge> removed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(removed);
        var graph = model.Graph;
        var effects = new Dictionary<CircuitEdge, double>();
        double current = metric.Value(model.Run(inputs.Clean, removed, replacement));
        int passes = 1;
        foreach (var receiver in graph.Receivers)
        {
            if (receiver.Owner is { } owner && !graph.ReachesOutput(owner, removed))
            {
                removed.UnionWith(graph.Incoming(receiver));
                continue;
            }
            foreach (var edge in graph.Incoming(receiver))
            {
                if (!removed.Add(edge))
                {
                    continue;
                }
                double value = metric.Value(model.Run(inputs.Clean, removed, replacement));
                passes++;
                double damage = metric.Damage(value, current);
                if (damage < threshold)
                {
                    current = value;
                }
                else
                {
                    removed.Remove(edge);
                    effects[edge] = damage;
                }
            }
        }
        return (effects, passes);
    }
}
