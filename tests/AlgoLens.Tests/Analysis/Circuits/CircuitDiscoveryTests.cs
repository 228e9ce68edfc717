using AlgoLens.Analysis.Circuits.Discovery;
using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Tests.Analysis.EdgePruning;

public sealed class CircuitDiscoveryTests
{
    [Fact]
    public void The_graph_has_an_edge_from_every_writer_to_every_later_reader_in_ACDCs_order()
    {
        var graph = new CircuitGraph(layers: 2, heads: 2, hasMlp: false);
        // logits <- 4 heads + 2 embeddings; each layer-1 input <- 2 heads + 2; each layer-0 input <- 2.
        Assert.Equal(6 + 6 * 4 + 6 * 2, graph.Edges.Count);
        Assert.Equal(["logits", "L1H1.q", "L1H1.k", "L1H1.v", "L1H0.q"], graph.Receivers.Take(5).Select(r => r.Name));
        Assert.Equal(["L1H1", "L1H0", "L0H1", "L0H0", "embed", "pos_embed"], graph.Incoming(graph.Output).Select(e => e.From.Name));

        var withMlps = new CircuitGraph(layers: 2, heads: 1, hasMlp: true);
        Assert.Equal(["logits", "MLP1.in", "L1H0.q", "L1H0.k", "L1H0.v", "MLP0.in"], withMlps.Receivers.Take(6).Select(r => r.Name));
        // An MLP reads its own block's heads; a head reads only earlier blocks.
        Assert.Equal(["L1H0", "MLP0", "L0H0", "embed", "pos_embed"], withMlps.Incoming(new CircuitNode(CircuitNodeKind.MlpIn, 1, -1)).Select(e => e.From.Name));
        Assert.Equal(["MLP0", "L0H0", "embed", "pos_embed"], withMlps.Incoming(new CircuitNode(CircuitNodeKind.Key, 1, 0)).Select(e => e.From.Name));
        foreach (var node in withMlps.Senders.Concat(withMlps.Receivers))
        {
            Assert.Equal(node, CircuitNode.Parse(node.Name, 2));
        }
    }

    [Theory]
    [InlineData(CircuitMetricKind.Kl, CircuitPatch.Corrupt)]
    [InlineData(CircuitMetricKind.Loss, CircuitPatch.Corrupt)]
    [InlineData(CircuitMetricKind.Kl, CircuitPatch.Mean)]
    public void ACDC_recovers_the_planted_induction_circuit_and_nothing_else(CircuitMetricKind metric, CircuitPatch patch)
    {
        var patching = new TransformerEdgePatching(PlantedCircuits.Induction());
        var inputs = PlantedCircuits.RepeatedHalves(24, seed: 5);

        var result = CircuitDiscovery.Discover(patching, inputs, new CircuitDiscoveryOptions(metric, 0.01, CircuitMethod.Acdc, patch));

        Assert.Equal(PlantedCircuits.InductionEdges.Order(StringComparer.Ordinal), result.Edges.Select(e => e.Edge.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["embed", "L0H0.v", "L0H0", "L1H0.q", "L1H0.k", "L1H0.v", "L1H0", "logits"], result.Nodes.Select(n => n.Name));
        Assert.All(result.Edges, e => Assert.True(e.Effect >= 0.01, $"{e.Edge}: {e.Effect}"));
        // The planted circuit is the whole computation: patching everything else changes nothing.
        Assert.Equal(result.MetricFull, result.MetricCircuit, 1e-9);
        Assert.True(result.MetricEmpty > result.MetricFull + 0.5, $"empty {result.MetricEmpty}, full {result.MetricFull}");
    }

    [Fact]
    public void The_hand_built_model_does_induction()
    {
        var model = PlantedCircuits.Induction();
        var inputs = PlantedCircuits.RepeatedHalves(8, seed: 1);
        var logits = model.Forward(inputs.Clean).Data;
        int vocab = PlantedCircuits.Vocab;
        for (int slot = 0; slot < inputs.Targets.Length; slot++)
        {
            if (inputs.Targets[slot] >= 0)
            {
                var row = logits.AsSpan(slot * vocab, vocab);
                Assert.Equal(inputs.Targets[slot], row.IndexOf(row.ToArray().Max()));
            }
        }
    }

    [Fact]
    public void Metrics_of_the_full_model_and_the_empty_graph_are_those_of_the_clean_and_corrupt_runs()
    {
        var model = PlantedCircuits.Induction();
        var patching = new TransformerEdgePatching(model);
        var inputs = PlantedCircuits.RepeatedHalves(16, seed: 2);
        var clean = model.Forward(inputs.Clean).Data;
        var corrupt = model.Forward(inputs.Corrupt).Data;
        var loss = CircuitMetric.Create(CircuitMetricKind.Loss, inputs, clean, PlantedCircuits.Vocab);
        var kl = CircuitMetric.Create(CircuitMetricKind.Kl, inputs, clean, PlantedCircuits.Vocab);

        // Every edge patched from the corrupt run is the corrupt run (the logits read only writers).
        var all = patching.Graph.Edges.ToHashSet();
        var replacement = patching.Senders(inputs.Corrupt);
        Assert.Equal(loss.Value(corrupt), loss.Value(patching.Run(inputs.Clean, all, replacement)), 1e-5);
        Assert.Equal(0, kl.Value(patching.Run(inputs.Clean, new HashSet<CircuitEdge>(), replacement)), 1e-6);
        Assert.Equal(kl.Value(corrupt), kl.Value(patching.Run(inputs.Clean, all, replacement)), 1e-5);
        // KL(p || q) by hand for one slot, against the metric.
        int slot = Array.FindIndex(inputs.Targets, t => t >= 0);
        var one = inputs with { Targets = inputs.Targets.Select((t, i) => i == slot ? t : -1).ToArray() };
        double expected = 0;
        var p = Softmax(clean.AsSpan(slot * PlantedCircuits.Vocab, PlantedCircuits.Vocab));
        var q = Softmax(corrupt.AsSpan(slot * PlantedCircuits.Vocab, PlantedCircuits.Vocab));
        for (int c = 0; c < p.Length; c++)
        {
            expected += p[c] * Math.Log(p[c] / q[c]);
        }
        Assert.Equal(expected, CircuitMetric.Create(CircuitMetricKind.Kl, one, clean, PlantedCircuits.Vocab).Value(corrupt), 1e-6);
    }

    [Theory]
    [InlineData(CircuitMetricKind.LogitDiff)]
    [InlineData(CircuitMetricKind.Loss)]
    public void EAP_scores_are_the_edge_effects_on_a_model_linear_in_its_edges(CircuitMetricKind kind)
    {
        var model = PlantedCircuits.Linear();
        var patching = new TransformerEdgePatching(model);
        var inputs = PlantedCircuits.RepeatedHalves(6, seed: 3);
        var replacement = patching.Senders(inputs.Corrupt);
        var none = new HashSet<CircuitEdge>();
        var full = patching.Run(inputs.Clean, none, replacement);
        var metric = CircuitMetric.Create(kind, inputs, full, PlantedCircuits.Vocab);

        var scores = EdgeAttribution.Scores(patching, inputs, metric, replacement);

        double baseline = metric.Value(full);
        double largest = 0;
        foreach (var edge in patching.Graph.Edges)
        {
            double effect = metric.Value(patching.Run(inputs.Clean, new HashSet<CircuitEdge> { edge }, replacement)) - baseline;
            largest = Math.Max(largest, Math.Abs(effect));
            if (kind == CircuitMetricKind.LogitDiff)
            {
                // The logit difference is linear in the logits, which are linear in each edge: exact.
                Assert.True(Math.Abs(scores[edge] - effect) <= 1e-4 * (1 + Math.Abs(effect)), $"{edge}: EAP {scores[edge]}, patching {effect}");
            }
            else
            {
                // The loss is not linear in the logits: first order, right in sign where the effect is clear.
                Assert.True(Math.Sign(scores[edge]) == Math.Sign(effect) || Math.Abs(effect) < 1e-3, $"{edge}: EAP {scores[edge]}, patching {effect}");
            }
        }
        Assert.True(largest > 1e-2, "the linear model's edges should matter");
    }

    [Fact]
    public void EAP_keeps_only_planted_edges_but_misses_those_behind_a_saturated_softmax()
    {
        var patching = new TransformerEdgePatching(PlantedCircuits.Induction());
        var inputs = PlantedCircuits.RepeatedHalves(24, seed: 5);
        foreach (var method in new[] { CircuitMethod.Eap, CircuitMethod.EapThenAcdc })
        {
            var result = CircuitDiscovery.Discover(patching, inputs, new CircuitDiscoveryOptions(CircuitMetricKind.LogitDiff, 0.05, method));
            var found = result.Edges.Select(e => e.Edge.ToString()).ToList();
            Assert.Subset(PlantedCircuits.InductionEdges.ToHashSet(), found.ToHashSet());
            // The value path is linear and found; the induction head's attention is saturated (e^-10
            // off its target), so the gradient through its key and query is ~0 and EAP misses the
            // previous-token head's edge, which patching shows to be essential.
            Assert.Contains("L1H0 -> logits", found);
            Assert.Contains("embed -> L1H0.v", found);
            Assert.DoesNotContain("L0H0 -> L1H0.k", found);
            Assert.Equal(method == CircuitMethod.Eap, result.Passes == 0);
        }
    }

    [Theory]
    [InlineData(-0.1, CircuitMethod.Acdc, CircuitMetricKind.Kl, "≥ 0")]
    [InlineData(double.NaN, CircuitMethod.Acdc, CircuitMetricKind.Kl, "≥ 0")]
    [InlineData(0.1, CircuitMethod.Eap, CircuitMetricKind.Kl, "gradient is 0")]
    public void Bad_options_are_refused_with_the_fix(double threshold, CircuitMethod method, CircuitMetricKind metric, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new CircuitDiscoveryOptions(metric, threshold, method).Validate());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_attention_is_refused()
    {
        var mlp = new AlgoLens.Models.Mlp.HookedMlp(new AlgoLens.Models.Mlp.MlpConfig { NCtx = 2, DVocab = 5, DEmbed = 4, DHidden = [6] });
        var e = Assert.Throws<ArgumentException>(() => TransformerEdgePatching.For(mlp));
        Assert.Contains("no attention", e.Message, StringComparison.Ordinal);
    }

    private static double[] Softmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float x in logits)
        {
            max = Math.Max(max, x);
        }
        var e = new double[logits.Length];
        for (int i = 0; i < e.Length; i++)
        {
            e[i] = Math.Exp(logits[i] - max);
        }
        double sum = e.Sum();
        return e.Select(x => x / sum).ToArray();
    }
}
