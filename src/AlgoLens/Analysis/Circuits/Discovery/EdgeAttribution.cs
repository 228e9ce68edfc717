namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// Edge attribution patching (EAP; Syed, Rager and Conmy 2023): the first-order estimate of each
/// edge's effect on the metric, (replacement writer output − clean writer output) · ∂metric/∂(reader
/// input), summed over rows, positions and d_model, from one forward and one backward pass of the
/// clean inputs. Exact where the metric is linear in the edges; it is 0 for every edge under the KL
/// divergence, whose gradient vanishes at the full model (its minimum).
/// </summary>
public static class EdgeAttribution
{
    /// <summary>The estimated change of the metric's value when each edge of the graph alone is patched.</summary>
    public static IReadOnlyDictionary<CircuitEdge, double> Scores(IEdgePatchModel model, CircuitInputs inputs, CircuitMetric metric, SenderActivations replacement)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(replacement);
        var (clean, gradients) = model.Gradients(inputs.Clean, metric.Gradient);
        var scores = new Dictionary<CircuitEdge, double>();
        foreach (var edge in model.Graph.Edges)
        {
            var patched = replacement[edge.From];
            var original = clean[edge.From];
            var grad = gradients[edge.To];
            double sum = 0;
            for (int i = 0; i < grad.Length; i++)
            {
                sum += ((double)patched[i] - original[i]) * grad[i];
            }
            scores[edge] = sum;
        }
        return scores;
    }
}
