using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Specialisations;

internal static partial class TableOps
{
    /// <summary>Whether <see cref="TableReluLinear"/> on this many rows and widths runs chunk by chunk
    /// (the engine's chunked ReLU kernel) rather than as the two ops it fuses.</summary>
    internal static bool RunsChunked(int rows, int dHidden, int dOut) => MlpKernel.Fits(rows, dHidden, dHidden, dOut);

    /// <summary>
    /// addend + relu(TableAttention(q, k, values, ownTable, ...))·W + b in one op: a two-layer ReLU
    /// network whose first layer is folded into the attention's tables (values [heads, table_rows,
    /// d_hidden] each head's value rows through the first layer's weights, ownTable [table_rows,
    /// d_hidden] the own rows through them plus the first bias), so that its first product is
    /// never made per slot. Same arguments as <see cref="TableAttention"/> for the tables, then as
    /// <see cref="Ops.ReluLinear"/>; the result is [batch, queries, d_out].
    /// </summary>
    /// <remarks>
    /// The pre-activations are made chunk by chunk in cache by the chunked ReLU kernel, and in
    /// the backward their gradient goes from each chunk straight to the tables' gradients and the
    /// score gradients (<see cref="TableAttentionSource"/>): no [rows, d_hidden] pre-activation or gradient
    /// matrix is ever written, which is most of what the two ops in a row would cost. Where the
    /// kernel does not fit (fewer rows than one chunk, or tables too wide), the two ops run. The
    /// result is the same for any thread count, but not bitwise that of the two ops: the score
    /// gradients are summed per group of hidden units, and the rows are visited in tiles.
    /// </remarks>
    /// <param name="q">Query table [table_rows, heads·d_head].</param>
    /// <param name="k">Key table [table_rows, heads·d_head].</param>
    /// <param name="values">Per-head value table [heads, table_rows, d_hidden].</param>
    /// <param name="ownTable">Table [table_rows, d_hidden] whose row at each query's own slot is added to its pre-activations.</param>
    /// <param name="slots">Table row of every [batch, positions] slot, row-major.</param>
    /// <param name="positions">Sequence length.</param>
    /// <param name="queryPositions">The positions whose outputs are computed, each in 0..positions−1.</param>
    /// <param name="w">Second layer's weights [d_hidden, d_out].</param>
    /// <param name="b">Second layer's bias [d_out], or null.</param>
    /// <param name="addend">Added to the output [batch, queries, d_out], or null.</param>
    /// <param name="allowChunked">False: the two ops with whole-matrix products (to compare with or
    /// measure the chunked kernel; not bitwise the same, see the remarks).</param>
    /// <returns>[batch, queryPositions.Length, d_out].</returns>
    public static unsafe Tensor TableReluLinear(Tensor q, Tensor k, Tensor values, Tensor ownTable, int[] slots, int positions, int[] queryPositions,
        Tensor w, Tensor? b, Tensor? addend, bool allowChunked = true)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(ownTable);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(queryPositions);
        ArgumentNullException.ThrowIfNull(w);
        var plan = TableAttentionPlan.Create(q, k, values, ownTable, slots, positions, queryPositions);
        int batch = plan.Batch, heads = plan.Heads, qLen = plan.QueryCount, dHidden = plan.DOut, rows = batch * qLen;
        int dOut = w.Rank == 2 ? w.Dims[1] : -1;
        int[] outShape = [batch, qLen, dOut];
        if (w.Rank != 2 || w.Dims[0] != dHidden || (b is not null && (b.Rank != 1 || b.Dims[0] != dOut))
            || (addend is not null && !Shape.Equal(addend.Dims, outShape)))
        {
            throw new ArgumentException($"TableReluLinear: tables {dHidden} wide, W {w.ShapeString}{(b is null ? "" : $", b {b.ShapeString}")}"
                + $"{(addend is null ? "" : $", addend {addend.ShapeString}")} do not fit; need W [{dHidden}, d_out], b [d_out], addend [{batch}, {qLen}, d_out].");
        }
        // Not Applies: this op's bits differ from the two ops', so the choice must not depend on the
        // thread budget (with fewer hidden groups than threads, some threads sit out the backward).
        if (!allowChunked || !MlpKernel.Fits(rows, dHidden, dHidden, dOut))
        {
            return Ops.ReluLinear(TableAttention(q, k, values, ownTable, slots, positions, queryPositions), w, b, addend, allowChunked);
        }

        float scale = 1f / MathF.Sqrt(plan.DHead);
        var pattern = MemoryScope.Zeroed(batch * heads * qLen * positions);
        var scores = TableAttentionKernels.ScoreTable(q.Data, k.Data, heads, plan.DHead, plan.TableRows, slots, positions, queryPositions, scale, out int[] ownIndex);
        Parallelism.ForRanges(batch, TableAttentionGrain, (b0, b1) => TableAttentionRows(b0, b1, plan, q, k, values, ownTable, slots,
            queryPositions, scale, scores, ownIndex, pattern, output: null));
        var order = TileOrder(slots, positions, batch, qLen);
        var source = new TableAttentionSource(plan, slots, positions, queryPositions, pattern, values.Data, ownTable.Data, order);
        var hidden = MemoryScope.Uninitialized(rows * dHidden); // in the kernel's row order, as are its bits
        var ordered = MemoryScope.Uninitialized(rows * dOut);
        var addendOrdered = addend is null ? null : Reorder(addend.Data, order, dOut, toKernel: true);
        Tensor[] inputs = Ops.NonNull(q, k, values, ownTable, w, b, addend);
        int bitWords = GemmEpilogue.BitWordsPerRow(dHidden);
        var passed = Tensor.WillRecord(inputs) ? MemoryScope.Zeroed(rows * bitWords) : null;
        fixed (float* pHidden = hidden)
        fixed (float* pPassed = passed)
        fixed (float* pb = b?.Data)
        fixed (float* pw = w.Data)
        fixed (float* pAddend = addendOrdered)
        fixed (float* pOutput = ordered)
        {
            Ops.ChunkedReluLinearForward(null, source, pw, pb, pAddend, pHidden, (uint*)pPassed, pOutput, rows, dHidden, dOut);
        }
        var output = Reorder(ordered, order, dOut, toKernel: false);

        return Tensor.FromOp(output, outShape, "TableReluLinear", inputs, g =>
        {
            Ops.OutputGradients(g, addend, b, rows, dOut);
            bool needScores = q.RequiresGrad || k.RequiresGrad;
            int groups = (dHidden + MlpKernel.Block - 1) / MlpKernel.Block;
            source.BeginBackward(values.RequiresGrad ? values.GradBuffer() : null, ownTable.RequiresGrad ? ownTable.GradBuffer() : null, needScores, groups);
            Ops.ChunkedReluLinearBackward(Reorder(g, order, dOut, toKernel: true), w, hidden, passed!, rows, dHidden, dOut, null, source);
            if (!needScores)
            {
                return;
            }
            // The scores' gradients to the q and k tables, as TableAttention's backward takes them.
            var dScores = source.ScoreGradients(scale);
            plan.BuildReadLists();
            var gq = q.RequiresGrad ? q.GradBuffer() : null;
            var gk = k.RequiresGrad ? k.GradBuffer() : null;
            var gather = new TableAttentionGather(plan, slots, positions, queryPositions, valueOutput: false, key: gk is not null, query: gq is not null, ownTable: false);
            Parallelism.For(gather.ChunkCount, chunk => gather.RunChunk(chunk, [], pattern, dScores, q.Data, k.Data, gq, gk, null, null));
        });
    }

    /// <summary>
    /// The rows (b·queries + i) in tiles of 32 × 32 of the table rows at the first two positions,
    /// the kernel's row order: a chunk of its rows then reads few distinct table rows (with
    /// 113 symbols at each of the first two positions, some 30 + 30 instead of all 226), whose hidden-layer-wide rows and gradients stay in L2
    /// while the chunk is worked on.
    /// </summary>
    private static int[] TileOrder(int[] slots, int positions, int batch, int qLen)
    {
        const int Tile = 32;
        var keys = MemoryScope.Longs(batch);
        var entries = MemoryScope.Ints(batch);
        for (int b = 0; b < batch; b++)
        {
            long tile = (long)(slots[b * positions] / Tile) * 65536 + (positions > 1 ? slots[b * positions + 1] / Tile : 0);
            keys[b] = tile * batch + b; // distinct keys: a fixed order
            entries[b] = b;
        }
        Array.Sort(keys, entries);
        var order = MemoryScope.Ints(batch * qLen);
        for (int e = 0; e < batch; e++)
        {
            for (int i = 0; i < qLen; i++)
            {
                order[e * qLen + i] = entries[e] * qLen + i;
            }
        }
        return order;
    }

    // Rows of [rows, width] from the op's order to the kernel's (row r ← op row order[r]) or back.
    private static float[] Reorder(float[] source, int[] order, int width, bool toKernel)
    {
        var target = MemoryScope.Uninitialized(order.Length * width);
        Parallelism.ForRanges(order.Length, 512, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var (from, to) = toKernel ? (order[r], r) : (r, order[r]);
                source.AsSpan(from * width, width).CopyTo(target.AsSpan(to * width, width));
            }
        });
        return target;
    }
}
