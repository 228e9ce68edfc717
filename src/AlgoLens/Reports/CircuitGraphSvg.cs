using System.Globalization;
using AlgoLens.Analysis.Circuits.Discovery;
using AlgoLens.Reports.Charts;

namespace AlgoLens.Reports;

/// <summary>
/// A found circuit drawn as a layered graph: one row per block (embeddings at the bottom, the logits
/// at the top), a box per writer (heads, MLPs, embeddings), each edge a curve from its writer to the
/// reader's port (a head's q, k and v inputs are three ports along its bottom edge, coloured), its
/// width by the size of the edge's effect.
/// </summary>
public static class CircuitGraphSvg
{
    private const double BoxWidth = 84, BoxHeight = 30, ColumnGap = 36, RowGap = 88, Margin = 28, LegendHeight = 22;

    /// <summary>The SVG of <paramref name="circuit"/>.</summary>
    public static string Render(CircuitDrawing circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        // Boxes: the writers of the circuit, and the logits; a reader is drawn at its owner's box.
        var boxes = circuit.Nodes.Where(n => n.IsSender || n.Kind == CircuitNodeKind.Logits).ToList();
        foreach (var owner in circuit.Nodes.Select(n => n.Owner).OfType<CircuitNode>())
        {
            if (!boxes.Contains(owner))
            {
                boxes.Add(owner);
            }
        }
        var rows = boxes.GroupBy(Row).OrderBy(g => g.Key).ToList();
        int rowCount = rows.Count == 0 ? 1 : rows[^1].Key + 1;
        int widest = Math.Max(1, rows.Select(g => g.Count()).DefaultIfEmpty(1).Max());
        // Wide enough for the widest row and for the legend's one line.
        double width = Math.Max(Margin * 2 + widest * BoxWidth + (widest - 1) * ColumnGap, Margin * 2 + LegendItems.Sum(i => LegendItemWidth(i.Label)));
        double height = Margin * 2 + LegendHeight + (rowCount - 1) * RowGap + BoxHeight;
        var centre = new Dictionary<CircuitNode, (double X, double Y)>();
        foreach (var row in rows)
        {
            var inRow = row.OrderBy(n => n.Kind == CircuitNodeKind.Mlp ? 1 : 0).ThenBy(n => n.Kind).ThenBy(n => n.Head).ToList();
            double rowWidth = inRow.Count * BoxWidth + (inRow.Count - 1) * ColumnGap;
            double x0 = (width - rowWidth) / 2 + BoxWidth / 2;
            double y = height - Margin - BoxHeight / 2 - row.Key * RowGap;
            for (int i = 0; i < inRow.Count; i++)
            {
                centre[inRow[i]] = (x0 + i * (BoxWidth + ColumnGap), y);
            }
        }

        var svg = new SvgWriter();
        svg.Start("svg").Attr("xmlns", "http://www.w3.org/2000/svg").Attr("viewBox", $"0 0 {SvgWriter.Num(width)} {SvgWriter.Num(height)}")
            .Attr("width", width).Attr("height", height).Attr("font-family", "sans-serif").Attr("font-size", 12).Open();
        svg.Start("rect").Attr("width", width).Attr("height", height).Attr("fill", "white").End();
        Legend(svg);
        double maxEffect = circuit.Edges.Select(e => Math.Abs(e.Effect)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        foreach (var edge in circuit.Edges)
        {
            if (!centre.TryGetValue(edge.Edge.From, out var from) || !centre.TryGetValue(edge.Edge.To.Owner ?? edge.Edge.To, out var to))
            {
                continue;
            }
            double x1 = from.X, y1 = from.Y - BoxHeight / 2;
            double x2 = to.X + PortOffset(edge.Edge.To), y2 = to.Y + BoxHeight / 2;
            double effect = double.IsFinite(edge.Effect) ? Math.Abs(edge.Effect) : 0;
            double stroke = 1 + 6 * (maxEffect > 0 ? effect / maxEffect : 0);
            double bend = Math.Max(20, (y1 - y2) / 2);
            svg.Start("path").Attr("d", $"M{SvgWriter.Num(x1)},{SvgWriter.Num(y1)} C{SvgWriter.Num(x1)},{SvgWriter.Num(y1 - bend)} {SvgWriter.Num(x2)},{SvgWriter.Num(y2 + bend)} {SvgWriter.Num(x2)},{SvgWriter.Num(y2)}")
                .Attr("fill", "none").Attr("stroke", Colour(edge.Edge.To)).Attr("stroke-width", stroke).Attr("stroke-opacity", 0.8).Open();
            svg.Start("title").Text($"{edge.Edge.From.Name} → {edge.Edge.To.Name}: effect {edge.Effect.ToString("G4", CultureInfo.InvariantCulture)}", "title");
            svg.Close("path");
        }
        foreach (var (node, (x, y)) in centre)
        {
            svg.Start("rect").Attr("x", x - BoxWidth / 2).Attr("y", y - BoxHeight / 2).Attr("width", BoxWidth).Attr("height", BoxHeight)
                .Attr("rx", 4).Attr("fill", node.Kind == CircuitNodeKind.Mlp ? "#F3EEE2" : "#E8EEF5").Attr("stroke", ChartPalette.Ink).End();
            svg.Start("text").Attr("x", x).Attr("y", y + 4).Attr("text-anchor", "middle").Attr("fill", ChartPalette.Ink).Text(node.Name, "text");
            if (node.Kind == CircuitNodeKind.Head)
            {
                foreach (var (letter, kind) in new[] { ("q", CircuitNodeKind.Query), ("k", CircuitNodeKind.Key), ("v", CircuitNodeKind.Value) })
                {
                    double px = x + PortOffset(new CircuitNode(kind, node.Layer, node.Head));
                    svg.Start("text").Attr("x", px).Attr("y", y + BoxHeight / 2 - 2).Attr("text-anchor", "middle").Attr("font-size", 8)
                        .Attr("fill", Colour(new CircuitNode(kind, node.Layer, node.Head))).Text(letter, "text");
                }
            }
        }
        svg.Close("svg");
        return svg.ToString();
    }

    // Rows from the bottom: 0 the embeddings, l + 1 block l, then the logits.
    private static int Row(CircuitNode node) => node.Kind switch
    {
        CircuitNodeKind.Embed or CircuitNodeKind.PosEmbed => 0,
        _ => node.Layer + 1,
    };

    private static double PortOffset(CircuitNode receiver) => receiver.Kind switch
    {
        CircuitNodeKind.Query => -BoxWidth / 3,
        CircuitNodeKind.Value => BoxWidth / 3,
        _ => 0,
    };

    private static string Colour(CircuitNode receiver) => receiver.Kind switch
    {
        CircuitNodeKind.Query => ChartPalette.Series(0),
        CircuitNodeKind.Key => ChartPalette.Series(1),
        CircuitNodeKind.Value => ChartPalette.Series(2),
        _ => ChartPalette.MutedInk,
    };

    private static readonly (string Label, string Colour)[] LegendItems =
    [
        ("to a query input", ChartPalette.Series(0)), ("to a key input", ChartPalette.Series(1)),
        ("to a value input", ChartPalette.Series(2)), ("to an MLP or the logits", ChartPalette.MutedInk),
    ];

    // A swatch, a gap and the label at about 5.6 px per character of 10 px text.
    private static double LegendItemWidth(string label) => 24 + label.Length * 5.6;

    private static void Legend(SvgWriter svg)
    {
        double x = Margin;
        foreach (var (label, colour) in LegendItems)
        {
            svg.Start("line").Attr("x1", x).Attr("y1", Margin - 4).Attr("x2", x + 18).Attr("y2", Margin - 4).Attr("stroke", colour).Attr("stroke-width", 3).End();
            svg.Start("text").Attr("x", x + 22).Attr("y", Margin).Attr("fill", ChartPalette.MutedInk).Attr("font-size", 10).Text(label, "text");
            x += LegendItemWidth(label);
        }
    }
}
