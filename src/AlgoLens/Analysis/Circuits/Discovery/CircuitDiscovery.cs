using System.Diagnostics;

namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// Automated circuit discovery: the edges of a model's graph (<see cref="CircuitGraph"/>) that a
/// metric needs, by ACDC (<see cref="Acdc"/>), EAP (<see cref="EdgeAttribution"/>) or EAP then ACDC,
/// with the metric of the full model, the circuit and the empty graph.
/// </summary>
public static class CircuitDiscovery
{
    /// <summary>Finds the circuit of <paramref name="model"/> on <paramref name="inputs"/>.</summary>
    /// <exception cref="ArgumentException">Bad options (<see cref="CircuitDiscoveryOptions.Validate"/>) or inputs the metric cannot read.</exception>
    public static CircuitResult Discover(IEdgePatchModel model, CircuitInputs inputs, CircuitDiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var graph = model.Graph;
        var corrupt = model.Senders(inputs.Corrupt);
        var replacement = options.Patch == CircuitPatch.Mean ? corrupt.MeanOverBatch(inputs.Clean.Batch) : corrupt;
        var none = new HashSet<CircuitEdge>();
        var fullOutputs = model.Run(inputs.Clean, none, replacement);
        int vocab = fullOutputs.Length / (inputs.Clean.Batch * inputs.Clean.Positions);
        var metric = CircuitMetric.Create(options.Metric, inputs, fullOutputs, vocab);

        var removed = new HashSet<CircuitEdge>();
        IReadOnlyDictionary<CircuitEdge, double> effects;
        int passes = 0;
        if (options.Method == CircuitMethod.Acdc)
        {
            (effects, passes) = Acdc.Prune(model, inputs, metric, replacement, options.Threshold, removed);
        }
        else
        {
            var scores = EdgeAttribution.Scores(model, inputs, metric, replacement);
            // An estimated change of the value, turned into the damage that τ is compared with.
            var estimated = scores.ToDictionary(s => s.Key, s => metric.Damage(s.Value, 0));
            if (options.Method == CircuitMethod.Eap)
            {
                removed.UnionWith(estimated.Where(s => s.Value < options.Threshold).Select(s => s.Key));
                effects = estimated;
            }
            else
            {
                removed.UnionWith(estimated.Where(s => Math.Abs(s.Value) < options.Threshold).Select(s => s.Key));
                (effects, passes) = Acdc.Prune(model, inputs, metric, replacement, options.Threshold, removed);
            }
        }

        var kept = graph.Kept(removed);
        var keptSet = kept.ToHashSet();
        var patched = graph.Edges.Where(e => !keptSet.Contains(e)).ToHashSet();
        double full = metric.Value(fullOutputs);
        double circuit = metric.Value(model.Run(inputs.Clean, patched, replacement));
        double empty = metric.Value(model.Run(inputs.Clean, graph.Edges.ToHashSet(), replacement));
        return new CircuitResult(NodesOf(graph, kept), kept.Select(e => new CircuitEdgeEffect(e, effects[e])).ToList(),
            full, circuit, empty, options, graph.Edges.Count, passes, clock.Elapsed.TotalSeconds, inputs.Description);
    }

    // The nodes the kept edges touch, with each reader's owner, in forward order.
    private static List<CircuitNode> NodesOf(CircuitGraph graph, IReadOnlyList<CircuitEdge> kept)
    {
        var present = new HashSet<CircuitNode>();
        foreach (var edge in kept)
        {
            present.Add(edge.From);
            present.Add(edge.To);
            if (edge.To.Owner is { } owner)
            {
                present.Add(owner);
            }
        }
        var order = new List<CircuitNode> { CircuitNode.Embed, CircuitNode.PosEmbed };
        for (int l = 0; l < graph.Layers; l++)
        {
            for (int h = 0; h < graph.Heads; h++)
            {
                order.Add(new CircuitNode(CircuitNodeKind.Query, l, h));
                order.Add(new CircuitNode(CircuitNodeKind.Key, l, h));
                order.Add(new CircuitNode(CircuitNodeKind.Value, l, h));
                order.Add(new CircuitNode(CircuitNodeKind.Head, l, h));
            }
            if (graph.HasMlp)
            {
                order.Add(new CircuitNode(CircuitNodeKind.MlpIn, l, -1));
                order.Add(new CircuitNode(CircuitNodeKind.Mlp, l, -1));
            }
        }
        order.Add(graph.Output);
        return order.Where(present.Contains).ToList();
    }
}
