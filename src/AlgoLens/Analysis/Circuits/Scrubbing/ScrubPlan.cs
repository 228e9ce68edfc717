using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// A hypothesis made concrete on a set of examples: each node's activation on every example,
/// split into the claimed part and the rest, and the examples grouped by the node's feature at each
/// of its positions. Every resampled activation is read from these tables, so the model runs on
/// each example once to build them, then once per (input, resample) row.
/// </summary>
internal sealed class ScrubPlan
{
    private ScrubPlan(ExampleBatch examples, IReadOnlyList<NodeTables> nodes)
    {
        Examples = examples;
        Nodes = nodes;
    }

    public ExampleBatch Examples { get; }

    public IReadOnlyList<NodeTables> Nodes { get; }

    public int Count => Examples.Count;

    /// <summary>Caches every node's hook on every example and splits it by the node's subspace.</summary>
    public static ScrubPlan Build(IModel model, ExampleBatch examples, ScrubHypothesis hypothesis, int batchSize)
    {
        int n = examples.Count, positions = examples.Input.Positions;
        var hooks = hypothesis.Nodes.Select(x => x.Hook).Distinct().ToHashSet(StringComparer.Ordinal);
        var shapes = HookLayout.Probe(model, examples, hooks);
        var tables = hypothesis.Nodes.Select(node => new NodeTables(node, shapes[node.Hook], positions, n)).ToList();
        var ids = examples.Input.Tokens!.Ids;
        using var noGrad = Tensor.NoGrad();
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var rows = Enumerable.Range(start, count).ToArray();
            var (_, cache) = model.RunWithCache(examples.Input.SelectRows(rows), hooks.Contains);
            foreach (var table in tables)
            {
                table.Fill(cache[table.Node.Hook], start, ids, positions);
            }
        }
        foreach (var table in tables)
        {
            table.Group(examples);
        }
        return new ScrubPlan(examples, tables);
    }
}

/// <summary>One node's tables: [example, node position, width] activations, parts and rests, and its classes.</summary>
internal sealed class NodeTables
{
    public NodeTables(ScrubNode node, int[] shape, int positions, int examples)
    {
        Node = node;
        Shape = shape;
        Positions = node.Positions is null
            ? Enumerable.Range(0, positions).ToArray()
            : node.Positions.Select(p => p < 0 ? p + positions : p).Distinct().Order().ToArray();
        Width = ScrubHypothesis.VectorWidth(node, shape);
        int size = examples * Positions.Length * Width;
        Whole = new float[size];
        Part = new float[size];
        Rest = new float[size];
    }

    public ScrubNode Node { get; }

    /// <summary>The hook's activation shape on one example ([1, pos, ...]).</summary>
    public int[] Shape { get; }

    /// <summary>The positions the node covers, 0-based, ascending.</summary>
    public int[] Positions { get; }

    /// <summary>The length of one position's claimed vector.</summary>
    public int Width { get; }

    public float[] Whole { get; }

    public float[] Part { get; }

    public float[] Rest { get; }

    /// <summary>[node position][example]: the examples that share the example's feature value there (itself included).</summary>
    public int[][][] Classes { get; private set; } = [];

    /// <summary>Offset of (example, node position index) in the tables.</summary>
    public int TableOffset(int example, int positionIndex) => (example * Positions.Length + positionIndex) * Width;

    /// <summary>Offset of (batch row, position) in the hook's activation of a batch.</summary>
    public int ActivationOffset(int row, int position, int positions)
    {
        int perPosition = Shape.Length == 4 ? Shape[2] * Shape[3] : Shape[^1];
        int head = Node.Head is { } h ? h * Shape[3] : 0;
        return (row * positions + position) * perPosition + head;
    }

    public void Fill(Tensor activation, int start, int[] ids, int positions)
    {
        int count = activation.Shape[0];
        for (int b = 0; b < count; b++)
        {
            int example = start + b;
            for (int pi = 0; pi < Positions.Length; pi++)
            {
                int position = Positions[pi];
                var vector = activation.Data.AsSpan(ActivationOffset(b, position, positions), Width);
                int offset = TableOffset(example, pi);
                vector.CopyTo(Whole.AsSpan(offset, Width));
                Node.Subspace.Part(vector, ids[example * positions + position], Part.AsSpan(offset, Width));
                for (int j = 0; j < Width; j++)
                {
                    Rest[offset + j] = Whole[offset + j] - Part[offset + j];
                }
            }
        }
    }

    public void Group(ExampleBatch examples)
    {
        int n = examples.Count;
        Classes = new int[Positions.Length][][];
        for (int pi = 0; pi < Positions.Length; pi++)
        {
            var byValue = new Dictionary<long, List<int>>();
            var values = new long[n];
            for (int e = 0; e < n; e++)
            {
                values[e] = ScrubFeatures.Value(Node.Feature, examples, e, Positions[pi]);
                if (!byValue.TryGetValue(values[e], out var members))
                {
                    byValue[values[e]] = members = [];
                }
                members.Add(e);
            }
            var arrays = byValue.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
            Classes[pi] = values.Select(v => arrays[v]).ToArray();
        }
    }
}
