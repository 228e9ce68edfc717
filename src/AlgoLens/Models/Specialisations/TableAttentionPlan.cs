using AlgoLens.Tensors;
namespace AlgoLens.Models.Specialisations;

/// <summary>
/// The checked shapes of one <see cref="TableOps.TableAttention"/> call and, for its backward, which
/// slots read each table row: as a key (slot index b·positions + j) and as a query's own row
/// (read index b·queries + i), each list in increasing order (a counting sort), so that every row's
/// gradient is summed in one fixed order. The lists are built by <see cref="BuildReadLists"/>, only
/// when a backward runs.
/// </summary>
internal sealed class TableAttentionPlan
{
    private readonly int[] slots;
    private readonly int positions;
    private readonly int[] queryPositions;
    private int[] keyStart = [], keyReads = [], queryStart = [], queryReads = [];

    // Each read's batch entry and position (key reads) or query index (query reads), aligned with
    // the read lists: the gather's inner loops then do no integer divisions.
    private int[] keyBatch = [], keyPosition = [], queryBatch = [], queryIndex = [];

    private TableAttentionPlan(int batch, int heads, int dHead, int dOut, int tableRows, int[] slots, int positions, int[] queryPositions)
    {
        Batch = batch;
        Heads = heads;
        DHead = dHead;
        DOut = dOut;
        TableRows = tableRows;
        QueryCount = queryPositions.Length;
        this.slots = slots;
        this.positions = positions;
        this.queryPositions = queryPositions;
    }

    public int Batch { get; }

    public int Heads { get; }

    public int DHead { get; }

    public int DOut { get; }

    public int TableRows { get; }

    public int QueryCount { get; }

    /// <summary>Slots (b·positions + j) whose key and value come from table row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> KeyReads(int row) => keyReads.AsSpan(keyStart[row], keyStart[row + 1] - keyStart[row]);

    /// <summary>Queries (b·queries + i) whose own slot is table row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> QueryReads(int row) => queryReads.AsSpan(queryStart[row], queryStart[row + 1] - queryStart[row]);

    /// <summary>Batch entry of each of <see cref="KeyReads"/>(row).</summary>
    public ReadOnlySpan<int> KeyReadBatches(int row) => keyBatch.AsSpan(keyStart[row], keyStart[row + 1] - keyStart[row]);

    /// <summary>Position of each of <see cref="KeyReads"/>(row).</summary>
    public ReadOnlySpan<int> KeyReadPositions(int row) => keyPosition.AsSpan(keyStart[row], keyStart[row + 1] - keyStart[row]);

    /// <summary>Batch entry of each of <see cref="QueryReads"/>(row).</summary>
    public ReadOnlySpan<int> QueryReadBatches(int row) => queryBatch.AsSpan(queryStart[row], queryStart[row + 1] - queryStart[row]);

    /// <summary>Query index (into the query positions) of each of <see cref="QueryReads"/>(row).</summary>
    public ReadOnlySpan<int> QueryReadQueries(int row) => queryIndex.AsSpan(queryStart[row], queryStart[row + 1] - queryStart[row]);

    public static TableAttentionPlan Create(Tensor q, Tensor k, Tensor values, Tensor? ownTable, int[] slots, int positions, int[] queryPositions)
    {
        string Shapes() => $"q {q.ShapeString}, k {k.ShapeString}, values {values.ShapeString}{(ownTable is null ? "" : $", own table {ownTable.ShapeString}")}";
        if (q.Rank != 2 || k.Rank != 2 || values.Rank != 3 || !Shape.Equal(q.Dims, k.Dims) || values.Dims[1] != q.Dims[0] || values.Dims[0] < 1 || q.Dims[1] % values.Dims[0] != 0)
        {
            throw new ArgumentException($"TableAttention: {Shapes()} do not fit; need q and k [table_rows, heads*d_head], values [heads, table_rows, d_out].");
        }
        int heads = values.Dims[0], tableRows = q.Dims[0], dOut = values.Dims[2];
        if (ownTable is not null && (ownTable.Rank != 2 || ownTable.Dims[0] != tableRows || ownTable.Dims[1] != dOut))
        {
            throw new ArgumentException($"TableAttention: {Shapes()} do not fit; the own table must be [table_rows, d_out] = [{tableRows}, {dOut}].");
        }
        if (positions < 1 || slots.Length % positions != 0)
        {
            throw new ArgumentException($"TableAttention: {slots.Length} slots do not make whole sequences of {positions} positions.");
        }
        if (queryPositions.Length == 0 || queryPositions.Any(p => p < 0 || p >= positions))
        {
            throw new ArgumentException($"TableAttention: query positions [{string.Join(", ", queryPositions)}] must be positions in 0..{positions - 1}.");
        }
        for (int i = 0; i < slots.Length; i++)
        {
            if ((uint)slots[i] >= (uint)tableRows)
            {
                throw new ArgumentException($"TableAttention: slot {i} names table row {slots[i]}, outside the {tableRows} rows.");
            }
        }
        return new TableAttentionPlan(slots.Length / positions, heads, q.Dims[1] / heads, dOut, tableRows, slots, positions, queryPositions);
    }

    private int[] rowsByReads = [];

    /// <summary>Builds the read lists (call once, before the backward reads them from several threads).
    /// Their arrays come from the scope's pool.</summary>
    public void BuildReadLists()
    {
        int qLen = QueryCount;
        // Keys: every slot at a position some query can see.
        int maxKey = queryPositions.Max();
        (keyStart, keyReads) = Group(TableRows, Batch * positions, slot => slot % positions <= maxKey ? slots[slot] : -1);
        (queryStart, queryReads) = Group(TableRows, Batch * qLen, read => slots[read / qLen * positions + queryPositions[read % qLen]]);
        (keyBatch, keyPosition) = DivRem(keyReads, positions);
        (queryBatch, queryIndex) = DivRem(queryReads, qLen);
        var reads = MemoryScope.Ints(TableRows);
        rowsByReads = MemoryScope.Ints(TableRows);
        for (int row = 0; row < TableRows; row++)
        {
            reads[row] = keyStart[row + 1] - keyStart[row] + queryStart[row + 1] - queryStart[row];
            rowsByReads[row] = row;
        }
        // Most reads first, ties by row: a total order, so the unstable sort gives one result.
        rowsByReads.AsSpan().Sort((x, y) => reads[x] != reads[y] ? reads[y].CompareTo(reads[x]) : x.CompareTo(y));
    }

    /// <summary>
    /// Table rows, most read first (after <see cref="BuildReadLists"/>). A row read by every
    /// sequence (a separator at a fixed position, say) costs as much as hundreds of others; handing the heavy rows
    /// out first keeps one thread from finishing alone on them.
    /// </summary>
    public ReadOnlySpan<int> RowsByReads => rowsByReads;

    // Each value's quotient and remainder by divisor.
    private static (int[] Quotients, int[] Remainders) DivRem(int[] values, int divisor)
    {
        var quotients = MemoryScope.Ints(values.Length);
        var remainders = MemoryScope.Ints(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            (quotients[i], remainders[i]) = Math.DivRem(values[i], divisor);
        }
        return (quotients, remainders);
    }

    // Counting sort of items 0..count−1 by row (−1: left out); each row's items stay in increasing order.
    private static (int[] Start, int[] Items) Group(int rows, int count, Func<int, int> rowOf)
    {
        var start = MemoryScope.Ints(rows + 1);
        Array.Clear(start);
        for (int item = 0; item < count; item++)
        {
            int row = rowOf(item);
            if (row >= 0)
            {
                start[row + 1]++;
            }
        }
        for (int r = 0; r < rows; r++)
        {
            start[r + 1] += start[r];
        }
        var items = MemoryScope.Ints(start[rows]);
        var next = MemoryScope.Ints(rows);
        Array.Copy(start, next, rows);
        for (int item = 0; item < count; item++)
        {
            int row = rowOf(item);
            if (row >= 0)
            {
                items[next[row]++] = item;
            }
        }
        return (start, items);
    }
}
