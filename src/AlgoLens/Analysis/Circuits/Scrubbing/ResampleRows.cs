namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// A buffer of forward rows: each row is an example (whose tokens the model reads) and, for every
/// node, the example each claimed position's part comes from and the example the rest comes from.
/// A node taken whole from one random example has every source equal.
/// </summary>
internal sealed class ResampleRows
{
    private readonly int[] slotStart; // per node: where its sources begin in a row

    public ResampleRows(ScrubPlan plan, int capacity)
    {
        slotStart = new int[plan.Nodes.Count];
        int slots = 0;
        for (int n = 0; n < plan.Nodes.Count; n++)
        {
            slotStart[n] = slots;
            slots += plan.Nodes[n].Positions.Length + 1;
        }
        Slots = slots;
        Capacity = capacity;
        Examples = new int[capacity];
        Sources = new int[capacity * slots];
        Weights = new double[capacity];
    }

    public int Slots { get; }

    public int Capacity { get; }

    public int Count { get; private set; }

    public int[] Examples { get; }

    public int[] Sources { get; }

    public double[] Weights { get; }

    public bool Full => Count == Capacity;

    /// <summary>Source of node <paramref name="node"/>'s part at position index <paramref name="positionIndex"/> in row <paramref name="row"/>.</summary>
    public int PartSource(int row, int node, int positionIndex) => Sources[row * Slots + slotStart[node] + positionIndex];

    /// <summary>Source of node <paramref name="node"/>'s rest in row <paramref name="row"/>.</summary>
    public int RestSource(int row, int node, int positions) => Sources[row * Slots + slotStart[node] + positions];

    /// <summary>Appends a row and returns the span of its sources to fill.</summary>
    public Span<int> Add(int example, double weight)
    {
        Examples[Count] = example;
        Weights[Count] = weight;
        return Sources.AsSpan(Count++ * Slots, Slots);
    }

    public int NodeStart(int node) => slotStart[node];

    public void Clear() => Count = 0;
}
