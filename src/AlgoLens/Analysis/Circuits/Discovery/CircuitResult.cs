namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>An edge of a found circuit with its effect: the metric's damage measured when ACDC tested it, or EAP's estimate.</summary>
/// <param name="Edge">The edge.</param>
/// <param name="Effect">Its effect, in the metric's units (how much worse the metric gets without it).</param>
public sealed record CircuitEdgeEffect(CircuitEdge Edge, double Effect);

/// <summary>A circuit found by <see cref="CircuitDiscovery"/>.</summary>
/// <param name="Nodes">The circuit's nodes in forward order (embeddings, per block each head's inputs and output, the MLP's input and output, the logits).</param>
/// <param name="Edges">The kept edges, in the graph's order, with their effects.</param>
/// <param name="MetricFull">The metric of the full model (every edge clean).</param>
/// <param name="MetricCircuit">The metric with every edge outside the circuit patched.</param>
/// <param name="MetricEmpty">The metric with every edge patched.</param>
/// <param name="Options">How it was found.</param>
/// <param name="EdgesTotal">Edges of the full graph.</param>
/// <param name="Passes">Patched forward passes run (ACDC), or 0.</param>
/// <param name="Seconds">Wall time of the discovery.</param>
/// <param name="Inputs">How the clean and corrupt inputs were made.</param>
public sealed record CircuitResult(
    IReadOnlyList<CircuitNode> Nodes,
    IReadOnlyList<CircuitEdgeEffect> Edges,
    double MetricFull,
    double MetricCircuit,
    double MetricEmpty,
    CircuitDiscoveryOptions Options,
    int EdgesTotal,
    int Passes,
    double Seconds,
    string Inputs)
{
    /// <summary>The file a run's circuit is written to, under its analysis folder.</summary>
    public const string FileName = "circuit.json";

    /// <summary>The checkpoint step the circuit is of, when found on a run.</summary>
    public int? Step { get; init; }
}
