using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Specialisations;

internal static partial class TableOps
{
    /// <summary>
    /// Causal multi-head attention over gathered table rows: every [batch, positions] slot names a row
    /// of small tables (its query, key and per-head value rows), so that inputs with few distinct
    /// rows (a first layer over a small vocabulary, where a slot's row depends only on its symbol and
    /// position) compute each once per table row (a few hundred) instead of once per slot
    /// (thousands).
    /// <para>For batch entry b and query i (at position <paramref name="queryPositions"/>[i], slot
    /// s_i = slots[b, qpos_i]): out[b, i] = own[s_i] + Σ_h Σ_{j ≤ qpos_i} p_{h,j} · values[h, slots[b, j]],
    /// with p_h = softmax_j(q[s_i, h] · k[slots[b, j], h] / √d_head). With values[h] = v_h·O_h (each
    /// head's values through its output projection O_h) and own the input plus the output bias, that is
    /// an attention layer with its skip connection.</para>
    /// </summary>
    /// <param name="q">Query table [table_rows, heads·d_head].</param>
    /// <param name="k">Key table [table_rows, heads·d_head].</param>
    /// <param name="values">Per-head value table [heads, table_rows, d_out], already in the output's width.</param>
    /// <param name="ownTable">Optional table [table_rows, d_out] whose row at each query's own slot is added to its output.</param>
    /// <param name="slots">Table row of every [batch, positions] slot, row-major.</param>
    /// <param name="positions">Sequence length.</param>
    /// <param name="queryPositions">The positions whose outputs are computed, each in 0..positions−1.</param>
    /// <returns>[batch, queryPositions.Length, d_out].</returns>
    /// <remarks>The backward gathers each table row's gradient from the slots that read it, in batch
    /// order, one row per work item: no per-thread partial tables, and bitwise the same for any thread count.</remarks>
    public static Tensor TableAttention(Tensor q, Tensor k, Tensor values, Tensor? ownTable, int[] slots, int positions, int[] queryPositions)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(queryPositions);
        var plan = TableAttentionPlan.Create(q, k, values, ownTable, slots, positions, queryPositions);
        int batch = plan.Batch, heads = plan.Heads, dh = plan.DHead, dOut = plan.DOut, qLen = plan.QueryCount, width = heads * dh, tableRows = plan.TableRows;
        float scale = 1f / MathF.Sqrt(dh);
        var pattern = MemoryScope.Zeroed(batch * heads * qLen * positions); // [batch, head, q, pos]
        var output = MemoryScope.Uninitialized(batch * qLen * dOut);

        var scores = TableAttentionKernels.ScoreTable(q.Data, k.Data, heads, dh, tableRows, slots, positions, queryPositions, scale, out int[] ownIndex);
        Parallelism.ForRanges(batch, TableAttentionGrain, (b0, b1) => TableAttentionRows(b0, b1, plan, q, k, values, ownTable, slots,
            queryPositions, scale, scores, ownIndex, pattern, output));

        Tensor[] inputs = ownTable is null ? [q, k, values] : [q, k, values, ownTable];
        return Tensor.FromOp(output, [batch, qLen, dOut], "TableAttention", inputs, g =>
        {
            plan.BuildReadLists();
            // dS = P ∘ (dP − Σ P∘dP)/√d_head per (b, head, query), with dP_j = g · values[h, s_j].
            bool needScores = q.RequiresGrad || k.RequiresGrad;
            var dScores = needScores ? MemoryScope.Zeroed(batch * heads * qLen * positions) : [];
            if (needScores)
            {
                Parallelism.ForRanges(batch, TableAttentionGrain, (b0, b1) =>
                {
                    for (int b = b0; b < b1; b++)
                    {
                        for (int i = 0; i < qLen; i++)
                        {
                            int valid = queryPositions[i] + 1;
                            var gi = g.AsSpan((b * qLen + i) * dOut, dOut);
                            for (int h = 0; h < heads; h++)
                            {
                                int at = ((b * heads + h) * qLen + i) * positions;
                                var p = pattern.AsSpan(at, valid);
                                var ds = dScores.AsSpan(at, valid);
                                for (int j = 0; j < valid; j++)
                                {
                                    ds[j] = SmallVector.Dot(gi, values.Data.AsSpan((h * tableRows + slots[b * positions + j]) * dOut, dOut));
                                }
                                float dot = SmallVector.Dot(p, ds);
                                for (int j = 0; j < valid; j++)
                                {
                                    ds[j] = p[j] * (ds[j] - dot) * scale;
                                }
                            }
                        }
                    }
                });
            }
            // Each table row (per head) collects the contributions of the slots that read it.
            var gq = q.RequiresGrad ? q.GradBuffer() : null;
            var gk = k.RequiresGrad ? k.GradBuffer() : null;
            var gValues = values.RequiresGrad ? values.GradBuffer() : null;
            var gOwn = ownTable?.RequiresGrad == true ? ownTable.GradBuffer() : null;
            var gather = new TableAttentionGather(plan, slots, positions, queryPositions,
                valueOutput: gValues is not null, key: gk is not null, query: gq is not null, ownTable: gOwn is not null);
            Parallelism.For(gather.ChunkCount, chunk => gather.RunChunk(chunk, g, pattern, dScores, q.Data, k.Data, gq, gk, gValues, gOwn));
        });
    }

    // The forward for batch entries [b0, b1): scores (from the table when there is one), softmax
    // into the pattern, then (unless output is null) every head's weighted values added to the
    // query's own row in one pass.
    private static unsafe void TableAttentionRows(int b0, int b1, TableAttentionPlan plan, Tensor q, Tensor k, Tensor values, Tensor? ownTable,
        int[] slots, int[] queryPositions, float scale, float[]? scores, int[] ownIndex, float[] pattern, float[]? output)
    {
        int heads = plan.Heads, dh = plan.DHead, dOut = plan.DOut, qLen = plan.QueryCount, width = heads * dh, tableRows = plan.TableRows;
        int positions = slots.Length / plan.Batch;
        fixed (float* pPattern = pattern)
        fixed (float* pOutput = output)
        fixed (float* pValues = values.Data)
        fixed (float* pOwn = ownTable?.Data)
        fixed (int* pSlots = slots)
        {
            for (int b = b0; b < b1; b++)
            {
                int* keys = pSlots + (nint)b * positions;
                for (int i = 0; i < qLen; i++)
                {
                    int valid = queryPositions[i] + 1;
                    int own = keys[queryPositions[i]];
                    float* p0 = pPattern + ((nint)b * heads * qLen + i) * positions; // head h at p0 + h·qLen·positions
                    for (int h = 0; h < heads; h++)
                    {
                        var p = new Span<float>(p0 + (nint)h * qLen * positions, valid);
                        if (scores is not null)
                        {
                            int row = (ownIndex[own] * heads + h) * tableRows;
                            for (int j = 0; j < valid; j++)
                            {
                                p[j] = scores[row + keys[j]];
                            }
                        }
                        else
                        {
                            var qi = q.Data.AsSpan(own * width + h * dh, dh);
                            for (int j = 0; j < valid; j++)
                            {
                                p[j] = SmallVector.Dot(qi, k.Data.AsSpan(keys[j] * width + h * dh, dh)) * scale;
                            }
                        }
                        Ops.SoftmaxInPlace(p);
                    }
                    if (pOutput == null)
                    {
                        continue; // the pattern only
                    }
                    TableAttentionKernels.AccumulateHeads(pOutput + ((nint)b * qLen + i) * dOut, pOwn == null ? null : pOwn + (nint)own * dOut,
                        pValues, tableRows, dOut, heads, p0, qLen * positions, keys, valid);
                }
            }
        }
    }

    // Batch entries per parallel chunk of the per-slot passes.
    private const int TableAttentionGrain = 256;

}
