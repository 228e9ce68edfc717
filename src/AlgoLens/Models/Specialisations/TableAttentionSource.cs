using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Specialisations;

/// <summary>
/// The pre-activations of <see cref="TableOps.TableReluLinear"/> for the chunked ReLU kernel: each row's
/// table attention over the hidden-layer-wide tables, made chunk by chunk in cache; and, in the backward,
/// each chunk's pre-activation gradient taken where it is (a lane's L2 buffer) to the tables'
/// gradients and to partial score gradients, so that no [rows, d_hidden] matrix goes to memory.
/// </summary>
/// <remarks>
/// The kernel sees the rows in an order of the op's choosing (<c>order</c>), which keeps the table
/// rows a chunk reads few. The OV and ownTable tables' gradients get their terms in that order,
/// chunk after chunk, each table row held in registers over the chunk's rows that read it. The
/// score gradients are dot products over all hidden units, summed per group of units (a lane's)
/// and the group sums added in group order: fixed for any thread count.
/// </remarks>
internal sealed unsafe class TableAttentionSource : IPreActivationSource
{
    [ThreadStatic]
    private static Scratch? scratch;

    private readonly TableAttentionPlan plan;
    private readonly int[] slots;
    private readonly int positions;
    private readonly int[] queryPositions;
    private readonly float[] pattern;
    private readonly float[] values;
    private readonly float[] ownTable;
    private readonly int rows;
    private readonly int[] order;

    // Per kernel row r: where its pattern starts (head 0, position 0), its own (query) slot, how
    // many positions its query sees, and per key position j its slot there (−1 where it cannot),
    // at keySlots[j·rows + r]. Arrays from the scope's pool.
    private readonly int[] patternAt, ownSlots, visible, keySlots;
    private readonly int maxQuery, patternHeadStride;
    private float[]? gradValues, gradOwn, partialDots; // set per backward
    private int groupCount;

    /// <summary>The kernel's row r is the op's row order[r] (b·queries + i).</summary>
    public TableAttentionSource(TableAttentionPlan plan, int[] slots, int positions, int[] queryPositions, float[] pattern, float[] values, float[] ownTable, int[] order)
    {
        this.plan = plan;
        this.slots = slots;
        this.positions = positions;
        this.queryPositions = queryPositions;
        this.pattern = pattern;
        this.values = values;
        this.ownTable = ownTable;
        this.order = order;
        rows = plan.Batch * plan.QueryCount;
        int qLen = plan.QueryCount, heads = plan.Heads;
        maxQuery = queryPositions.Max();
        patternHeadStride = qLen * positions;
        patternAt = MemoryScope.Ints(order.Length);
        ownSlots = MemoryScope.Ints(order.Length);
        visible = MemoryScope.Ints(order.Length);
        keySlots = MemoryScope.Ints((maxQuery + 1) * order.Length);
        for (int r = 0; r < order.Length; r++)
        {
            int b = order[r] / qLen, i = order[r] % qLen;
            patternAt[r] = (b * heads * qLen + i) * positions;
            ownSlots[r] = slots[b * positions + queryPositions[i]];
            visible[r] = queryPositions[i] + 1;
            for (int j = 0; j <= maxQuery; j++)
            {
                keySlots[j * order.Length + r] = queryPositions[i] >= j ? slots[b * positions + j] : -1;
            }
        }
    }

    public void Fill(int r0, int count, float* target)
    {
        int heads = plan.Heads, dHidden = plan.DOut, tableRows = plan.TableRows;
        fixed (float* pPattern = pattern)
        fixed (float* pValues = values)
        fixed (float* pOwn = ownTable)
        fixed (int* pSlots = slots)
        {
            if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated || dHidden % 256 != 0)
            {
                for (int r = r0; r < r0 + count; r++)
                {
                    TableAttentionKernels.AccumulateHeads(target + (nint)(r - r0) * dHidden, pOwn + (nint)ownSlots[r] * dHidden, pValues, tableRows, dHidden, heads,
                        pPattern + patternAt[r], patternHeadStride, pSlots + (nint)(order[r] / plan.QueryCount) * positions, visible[r]);
                }
                return;
            }
            // Every row's terms (pattern weight, table row) in AccumulateHeads's order, then the rows
            // strip by strip of 256 hidden units: a strip's table rows are half as many bytes, which
            // keeps a chunk's working set (its table rows, its output, the packed W2) in L2.
            int maxTerms = heads * (maxQuery + 1);
            var s = scratch ??= new Scratch();
            s.EnsureTerms(count * maxTerms);
            fixed (float* w = s.TermWeights)
            fixed (int* offsets = s.TermOffsets)
            {
                for (int r = r0; r < r0 + count; r++)
                {
                    int b = order[r] / plan.QueryCount, t = (r - r0) * maxTerms;
                    for (int h = 0; h < heads; h++)
                    {
                        for (int j = 0; j < visible[r]; j++, t++)
                        {
                            w[t] = pPattern[patternAt[r] + h * patternHeadStride + j];
                            offsets[t] = (h * tableRows + pSlots[b * positions + j]) * dHidden;
                        }
                    }
                }
                for (int c = 0; c < dHidden; c += 256)
                {
                    for (int r = r0; r < r0 + count; r++)
                    {
                        int t = (r - r0) * maxTerms;
                        FmaRows.Strip256(target + (nint)(r - r0) * dHidden + c, pOwn + (nint)ownSlots[r] * dHidden + c, pValues + c, w + t, offsets + t, heads * visible[r]);
                    }
                }
            }
        }
    }

    /// <summary>Sets where the backward's gradients go (null: not wanted); partial score
    /// gradients are kept when <paramref name="scores"/>.</summary>
    public void BeginBackward(float[]? gradValues, float[]? gradOwn, bool scores, int groups)
    {
        this.gradValues = gradValues;
        this.gradOwn = gradOwn;
        partialDots = scores ? MemoryScope.Uninitialized(groups * rows * plan.Heads * positions) : null;
        groupCount = groups;
    }

    public void TakeGradient(int group, int r0, int count, int h0, int width, float* gradient)
    {
        var s = scratch ??= new Scratch();
        s.Ensure(plan.TableRows, count);
        int heads = plan.Heads, dHidden = plan.DOut, tableRows = plan.TableRows;
        fixed (float* pValues = values)
        fixed (float* pGradValues = gradValues)
        fixed (float* pGradOwn = gradOwn)
        fixed (float* w = s.Weights)
        fixed (float* dots = s.Dots)
        fixed (int* offsets = s.Offsets)
        {
            for (int j = 0; j <= maxQuery; j++)
            {
                // The chunk's rows whose query sees position j, grouped by the table row there.
                s.Group(tableRows, r0, count, keySlots.AsSpan(j * order.Length, order.Length));
                for (int row = 0; row < tableRows; row++)
                {
                    var reads = s.Reads(row);
                    if (reads.Length == 0)
                    {
                        continue;
                    }
                    for (int h = 0; h < heads; h++)
                    {
                        for (int t = 0; t < reads.Length; t++)
                        {
                            int r = reads[t];
                            w[t] = pattern[patternAt[r] + h * patternHeadStride + j];
                            offsets[t] = (r - r0) * width;
                        }
                        nint at = ((nint)h * tableRows + row) * dHidden + h0;
                        if (partialDots is null)
                        {
                            if (pGradValues != null)
                            {
                                FmaRows.Accumulate(pGradValues + at, width, gradient, w, offsets, reads.Length);
                            }
                            continue;
                        }
                        FmaRows.AccumulateAndDot(pGradValues == null ? null : pGradValues + at, pValues + at, width, gradient, w, offsets, reads.Length, dots);
                        for (int t = 0; t < reads.Length; t++)
                        {
                            partialDots[(((nint)group * rows + order[reads[t]]) * heads + h) * positions + j] = dots[t];
                        }
                    }
                }
            }
            if (pGradOwn != null)
            {
                // Each row's own table row (its query's slot) takes its gradient as is.
                s.Group(tableRows, r0, count, ownSlots);
                for (int row = 0; row < tableRows; row++)
                {
                    var reads = s.Reads(row);
                    for (int t = 0; t < reads.Length; t++)
                    {
                        w[t] = 1f;
                        offsets[t] = (reads[t] - r0) * width;
                    }
                    if (reads.Length > 0)
                    {
                        FmaRows.Accumulate(pGradOwn + (nint)row * dHidden + h0, width, gradient, w, offsets, reads.Length);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The score gradients [batch, heads, queries, positions] (the pattern's layout) after the
    /// backward ran: each pattern entry's gradient (the group sums added in group order), through
    /// the softmax and the 1/√d_head scale.
    /// </summary>
    public float[] ScoreGradients(float scale)
    {
        int heads = plan.Heads, qLen = plan.QueryCount;
        var dScores = MemoryScope.Zeroed(pattern.Length);
        var partial = partialDots!;
        Parallelism.ForRanges(plan.Batch, 256, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                for (int i = 0; i < qLen; i++)
                {
                    int valid = queryPositions[i] + 1, r = b * qLen + i;
                    for (int h = 0; h < heads; h++)
                    {
                        int at = ((b * heads + h) * qLen + i) * positions;
                        var p = pattern.AsSpan(at, valid);
                        var ds = dScores.AsSpan(at, valid);
                        for (int j = 0; j < valid; j++)
                        {
                            float sum = partial[((nint)r * heads + h) * positions + j];
                            for (int group = 1; group < groupCount; group++)
                            {
                                sum += partial[(((nint)group * rows + r) * heads + h) * positions + j];
                            }
                            ds[j] = sum;
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
        return dScores;
    }

    /// <summary>One thread's grouping of a chunk's rows by table row (a stable counting sort).</summary>
    private sealed class Scratch
    {
        private int[] start = [];
        private int[] next = [];
        private int[] items = [];

        public float[] Weights { get; private set; } = [];

        public int[] Offsets { get; private set; } = [];

        public float[] Dots { get; private set; } = [];

        public float[] TermWeights { get; private set; } = [];

        public int[] TermOffsets { get; private set; } = [];

        public void EnsureTerms(int count)
        {
            if (TermWeights.Length < count)
            {
                TermWeights = new float[count];
                TermOffsets = new int[count];
            }
        }

        public void Ensure(int tableRows, int count)
        {
            if (start.Length < tableRows + 1)
            {
                start = new int[tableRows + 1];
                next = new int[tableRows];
            }
            if (items.Length < count)
            {
                items = new int[count];
                Weights = new float[count];
                Offsets = new int[count];
                Dots = new float[count];
            }
        }

        public ReadOnlySpan<int> Reads(int row) => items.AsSpan(start[row], start[row + 1] - start[row]);

        // Rows r0..r0+count−1 by rowOf[r] (−1: left out), each row's list in increasing r.
        public void Group(int tableRows, int r0, int count, ReadOnlySpan<int> rowOf)
        {
            var s = start.AsSpan(0, tableRows + 1);
            s.Clear();
            for (int r = r0; r < r0 + count; r++)
            {
                int row = rowOf[r];
                if (row >= 0)
                {
                    s[row + 1]++;
                }
            }
            for (int p = 0; p < tableRows; p++)
            {
                s[p + 1] += s[p];
            }
            var cursor = next.AsSpan(0, tableRows);
            s[..tableRows].CopyTo(cursor);
            for (int r = r0; r < r0 + count; r++)
            {
                int row = rowOf[r];
                if (row >= 0)
                {
                    items[cursor[row]++] = r;
                }
            }
        }
    }
}
