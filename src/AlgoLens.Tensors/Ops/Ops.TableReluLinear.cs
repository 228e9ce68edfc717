using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// residual + relu(TableAttention(q, k, ov, tableResidual, ...))·W_out + b_out, in one op: the
    /// first block's MLP when its input projection is folded into the attention's tables, so that
    /// ov [heads, pairs, d_mlp] holds each pair's value through W_O·W_in and tableResidual [pairs,
    /// d_mlp] the stream through W_in plus b_in. Same arguments as <see cref="TableAttention"/> for the
    /// tables, then as <see cref="ReluLinear"/>; the result is [batch, queries, d_out].
    /// </summary>
    /// <remarks>
    /// The pre-activations are made chunk by chunk in cache by the chunked ReLU MLP kernel, and in
    /// the backward their gradient goes from each chunk straight to the tables' gradients and the
    /// score gradients (<see cref="TableMlpSource"/>): no [rows, d_mlp] pre-activation or gradient
    /// matrix is ever written, which is most of what the two ops in a row would cost. Where the
    /// kernel does not fit (fewer rows than one chunk, or tables too wide), the two ops run. The
    /// result is the same for any thread count, but not bitwise that of the two ops: the score
    /// gradients are summed per group of hidden units, and the rows are visited in tiles.
    /// </remarks>
    public static unsafe Tensor TableReluLinear(Tensor q, Tensor k, Tensor ov, Tensor tableResidual, int[] slots, int positions, int[] queryPositions,
        Tensor wOut, Tensor? bOut, Tensor? residual)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(ov);
        ArgumentNullException.ThrowIfNull(tableResidual);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(queryPositions);
        ArgumentNullException.ThrowIfNull(wOut);
        var plan = TableAttentionPlan.Create(q, k, ov, tableResidual, slots, positions, queryPositions);
        int batch = plan.Batch, heads = plan.Heads, qLen = plan.QueryCount, dMlp = plan.DOut, rows = batch * qLen;
        int dOut = wOut.Rank == 2 ? wOut.Dims[1] : -1;
        int[] outShape = [batch, qLen, dOut];
        if (wOut.Rank != 2 || wOut.Dims[0] != dMlp || (bOut is not null && (bOut.Rank != 1 || bOut.Dims[0] != dOut))
            || (residual is not null && !Shape.Equal(residual.Dims, outShape)))
        {
            throw new ArgumentException($"TableReluLinear: tables {dMlp} wide, W_out {wOut.ShapeString}{(bOut is null ? "" : $", b_out {bOut.ShapeString}")}"
                + $"{(residual is null ? "" : $", residual {residual.ShapeString}")} do not fit; need W_out [{dMlp}, d_out], b_out [d_out], residual [{batch}, {qLen}, d_out].");
        }
        // Not Applies: this op's bits differ from the two ops', so the choice must not depend on the
        // thread budget (with fewer hidden groups than threads, some threads sit out the backward).
        if (!ReluMlpKernel.Fits(rows, dMlp, dMlp, dOut))
        {
            return ReluLinear(TableAttention(q, k, ov, tableResidual, slots, positions, queryPositions), wOut, bOut, residual);
        }

        float scale = 1f / MathF.Sqrt(plan.DHead);
        var pattern = MemoryScope.Zeroed(batch * heads * qLen * positions);
        var scores = TableAttentionKernels.ScoreTable(q.Data, k.Data, heads, plan.DHead, plan.Pairs, slots, positions, queryPositions, scale, out int[] ownIndex);
        Parallelism.ForRanges(batch, TableAttentionGrain, (b0, b1) => TableAttentionRows(b0, b1, plan, q, k, ov, tableResidual, slots,
            queryPositions, scale, scores, ownIndex, pattern, output: null));
        var order = TileOrder(slots, positions, batch, qLen);
        var source = new TableMlpSource(plan, slots, positions, queryPositions, pattern, ov.Data, tableResidual.Data, order);
        var hidden = MemoryScope.Uninitialized(rows * dMlp); // in the kernel's row order, as are its bits
        var ordered = MemoryScope.Uninitialized(rows * dOut);
        var residualOrdered = residual is null ? null : Reorder(residual.Data, order, dOut, toKernel: true);
        Tensor[] inputs = [q, k, ov, tableResidual, wOut, .. new[] { bOut, residual }.OfType<Tensor>()];
        int bitWords = GemmEpilogue.BitWordsPerRow(dMlp);
        var passed = Tensor.WillRecord(inputs) ? MemoryScope.Zeroed(rows * bitWords) : null;
        fixed (float* pHidden = hidden)
        fixed (float* pPassed = passed)
        fixed (float* pbOut = bOut?.Data)
        fixed (float* pwOut = wOut.Data)
        fixed (float* pResidual = residualOrdered)
        fixed (float* pOutput = ordered)
        {
            ChunkedReluLinearForward(null, source, pwOut, pbOut, pResidual, pHidden, (uint*)pPassed, pOutput, rows, dMlp, dOut);
        }
        var output = Reorder(ordered, order, dOut, toKernel: false);

        return Tensor.FromOp(output, outShape, "TableReluLinear", inputs, g =>
        {
            OutputGradients(g, residual, bOut, rows, dOut);
            bool needScores = q.RequiresGrad || k.RequiresGrad;
            int groups = (dMlp + ReluMlpKernel.Block - 1) / ReluMlpKernel.Block;
            source.BeginBackward(ov.RequiresGrad ? ov.GradBuffer() : null, tableResidual.RequiresGrad ? tableResidual.GradBuffer() : null, needScores, groups);
            ChunkedReluLinearBackward(Reorder(g, order, dOut, toKernel: true), wOut, hidden, passed!, rows, dMlp, dOut, null, source);
            if (!needScores)
            {
                return;
            }
            // The scores' gradients to the q and k tables, as TableAttention's backward takes them.
            var dScores = source.ScoreGradients(scale);
            plan.BuildReadLists();
            var gq = q.RequiresGrad ? q.GradBuffer() : null;
            var gk = k.RequiresGrad ? k.GradBuffer() : null;
            var gather = new TableAttentionGather(plan, slots, positions, queryPositions, valueOutput: false, key: gk is not null, query: gq is not null, residual: false);
            Parallelism.For(gather.ChunkCount, chunk => gather.RunChunk(chunk, [], pattern, dScores, q.Data, k.Data, gq, gk, null, null));
        });
    }

    /// <summary>
    /// The rows (b·queries + i) in tiles of 32 × 32 of the table rows at the first two positions,
    /// the kernel's row order: a chunk of its rows then reads few distinct table rows (in "a b =",
    /// some 30 a's and 30 b's instead of all 226), whose MLP-wide rows and gradients stay in L2
    /// while the chunk is worked on.
    /// </summary>
    private static int[] TileOrder(int[] slots, int positions, int batch, int qLen)
    {
        const int Tile = 32;
        var keys = new long[batch];
        var entries = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            long tile = (long)(slots[b * positions] / Tile) * 65536 + (positions > 1 ? slots[b * positions + 1] / Tile : 0);
            keys[b] = tile * batch + b; // distinct keys: a fixed order
            entries[b] = b;
        }
        Array.Sort(keys, entries);
        var order = new int[batch * qLen];
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
