using System.Globalization;
using AlgoLens.Analysis.Circuits.Discovery;
using AlgoLens.Reports.Html;

namespace AlgoLens.Reports;

/// <summary>
/// The report's "Circuit" section, when the run has analysis/circuit.json (written by
/// <c>algolens circuit</c>): the circuit drawn as a layered graph and its edges in a table.
/// </summary>
public static class CircuitSection
{
    /// <summary>Adds the section to <paramref name="report"/> if <paramref name="runDirectory"/> has a circuit; returns whether it did.</summary>
    public static bool Add(HtmlReport report, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        string path = RunCircuit.PathOf(runDirectory);
        if (!File.Exists(path))
        {
            return false;
        }
        CircuitDrawing circuit;
        try
        {
            circuit = CircuitResultJson.Read(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new FormatException($"{path} is not a circuit written by `algolens circuit` ({e.Message}); run `algolens circuit` again to rewrite it.", e);
        }
        var section = report.AddSection("Circuit");
        section.Paragraph($"Automated circuit discovery ({circuit.Summary}). Inputs: {circuit.Inputs}. An edge's effect is how much worse the metric gets when it alone is patched, as tested.");
        section.Figure(CircuitGraphSvg.Render(circuit), "The circuit: a box per head, MLP and embedding (blocks as rows, bottom to top), each edge drawn to the reader's input, its width by the size of its effect.", "circuit-graph");
        var table = new HtmlTable("from", "to", "effect");
        foreach (var e in circuit.Edges)
        {
            table.AddRow(e.Edge.From.Name, e.Edge.To.Name, e.Effect.ToString("G4", CultureInfo.InvariantCulture));
        }
        section.Table(table);
        return true;
    }
}
