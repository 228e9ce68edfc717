using System.Globalization;
using System.Text.RegularExpressions;
using AlgoLens.Analysis.Circuits.Discovery;
using AlgoLens.Reports;
using AlgoLens.Reports.Html;

namespace AlgoLens.Tests.Reports;

public sealed class CircuitSectionTests
{
    private static readonly CircuitNode L0H0 = new(CircuitNodeKind.Head, 0, 0), L1H1 = new(CircuitNodeKind.Head, 1, 1);

    [Fact]
    public void A_runs_circuit_is_drawn_as_a_layered_graph_with_edge_widths_by_effect()
    {
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        var key = new CircuitNode(CircuitNodeKind.Key, 1, 1);
        var logits = new CircuitNode(CircuitNodeKind.Logits, 2, -1);
        var edges = new[]
        {
            new CircuitEdgeEffect(new CircuitEdge(L1H1, logits), 2.0),
            new CircuitEdgeEffect(new CircuitEdge(L0H0, key), 0.5),
        };
        var result = new CircuitResult([L0H0, key, L1H1, logits], edges, 0, 0.01, 3.2,
            new CircuitDiscoveryOptions(CircuitMetricKind.Kl, 0.1), 42, 40, 0.5, "test inputs") { Step = 7 };
        CircuitResultJson.Write(result, RunCircuit.PathOf(dir));

        var report = new HtmlReport("test");
        Assert.True(CircuitSection.Add(report, dir));

        string html = report.ToHtml();
        Assert.Contains("circuit-graph", report.FigureIds);
        Assert.Contains("L0H0 → L1H1.k: effect 0.5", html, StringComparison.Ordinal);
        Assert.Contains("step 7", html, StringComparison.Ordinal);
        // The edge with 4 times the effect is drawn wider: 1 + 6·effect/max.
        var widths = Regex.Matches(html, "<path [^>]*stroke-width=\"([0-9.]+)\"").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([7.0, 2.5], widths);
        // Layers as rows: the layer-0 head sits below the layer-1 head, the logits above both.
        double Y(string name) => double.Parse(Regex.Match(html, $"<text x=\"[0-9.]+\" y=\"([0-9.]+)\"[^>]*>{name}</text>").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(Y("L0H0") > Y("L1H1") && Y("L1H1") > Y("logits"));
    }

    [Fact]
    public void A_run_without_a_circuit_gets_no_section()
    {
        var report = new HtmlReport("test");
        Assert.False(CircuitSection.Add(report, Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"))));
        Assert.Empty(report.Sections);
    }
}
