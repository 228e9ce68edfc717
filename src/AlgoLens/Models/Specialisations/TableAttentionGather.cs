using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Specialisations;

/// <summary>
/// The gradient gather of <see cref="TableOps.TableAttention"/>'s backward: every table row collects
/// the contributions of the slots that read it. Work is cut into units of one (row, kind, head),
/// the kinds being the value-output gradient, the key gradient, the query gradient (per head) and
/// the own-table gradient (per row), so that a row every sequence reads (a separator at a fixed
/// position, say) spreads over all threads instead of falling on one. Each unit lists its terms (weight, source
/// row) in the order of the per-slot axpys and adds them with the destination held in registers:
/// the same fused multiply-adds in the same order per element, so the same bits.
/// </summary>
internal sealed unsafe class TableAttentionGather
{
    private enum Kind
    {
        ValueOutput,
        Key,
        Query,
        Own,
    }

    [ThreadStatic]
    private static float[]? weightScratch;

    [ThreadStatic]
    private static int[]? offsetScratch;

    private readonly TableAttentionPlan plan;
    private readonly int[] slots;
    private readonly int[] queryPositions;
    private readonly int positions;
    // The units, heaviest rows first (so that no thread is left alone with a long unit at the end):
    // per row of plan.RowsByReads, per head the wanted kinds among value output, key and query,
    // then the own-table unit if wanted. Decoded from the unit's index (Unit), not stored.
    private readonly Kind[] headKinds;
    private readonly int unitsPerRow;
    private readonly int unitCount;

    public TableAttentionGather(TableAttentionPlan plan, int[] slots, int positions, int[] queryPositions,
        bool valueOutput, bool key, bool query, bool ownTable)
    {
        this.plan = plan;
        this.slots = slots;
        this.positions = positions;
        this.queryPositions = queryPositions;
        headKinds = (valueOutput, key, query) switch
        {
            (true, true, true) => AllHeadKinds,
            (false, true, true) => KeyAndQuery,
            _ => [.. new[] { (valueOutput, Kind.ValueOutput), (key, Kind.Key), (query, Kind.Query) }.Where(k => k.Item1).Select(k => k.Item2)],
        };
        unitsPerRow = plan.Heads * headKinds.Length + (ownTable ? 1 : 0);
        unitCount = plan.TableRows * unitsPerRow;
        chunkStarts = CutIntoChunks();
    }

    // The kind lists of the common calls, shared (TableAttention's and TableReluLinear's backward).
    private static readonly Kind[] AllHeadKinds = [Kind.ValueOutput, Kind.Key, Kind.Query];
    private static readonly Kind[] KeyAndQuery = [Kind.Key, Kind.Query];

    private (int Row, Kind Kind, int Head) Unit(int unit)
    {
        var (index, local) = Math.DivRem(unit, unitsPerRow);
        int row = plan.RowsByReads[index];
        return local < plan.Heads * headKinds.Length
            ? (row, headKinds[local % headKinds.Length], local / headKinds.Length)
            : (row, Kind.Own, 0);
    }

    /// <summary>Consecutive units per claim: about 1/64 of the work each, so a thread claims few
    /// times (a shared counter costs more than a light row's unit) and the heavy row's units,
    /// which come first, still go to different threads.</summary>
    public int ChunkCount => chunkStarts.Length - 1;

    private readonly int[] chunkStarts;

    private int[] CutIntoChunks()
    {
        long total = 0;
        for (int u = 0; u < unitCount; u++)
        {
            total += Cost(u);
        }
        long target = Math.Max(1, total / 64);
        // Twice over the units: to count the chunks, then to write where each starts.
        int[]? starts = null;
        for (int pass = 0; pass < 2; pass++)
        {
            int chunks = 0;
            long running = 0;
            for (int u = 0; u < unitCount; u++)
            {
                running += Cost(u);
                if (running >= target && u + 1 < unitCount)
                {
                    chunks++;
                    if (starts is not null)
                    {
                        starts[chunks] = u + 1;
                    }
                    running = 0;
                }
            }
            if (starts is null)
            {
                starts = MemoryScope.Ints(chunks + 2);
                starts[0] = 0;
                starts[chunks + 1] = unitCount;
            }
        }
        return starts!;
    }

    private long Cost(int unit)
    {
        var (row, kind, _) = Unit(unit);
        long reads = kind is Kind.ValueOutput or Kind.Key ? plan.KeyReads(row).Length : plan.QueryReads(row).Length;
        return 16 + reads * (kind is Kind.ValueOutput or Kind.Own ? plan.DOut : plan.DHead);
    }

    /// <summary>Runs the units of chunk <paramref name="chunk"/> in order.</summary>
    public void RunChunk(int chunk, float[] g, float[] pattern, float[] dScores, float[] q, float[] k,
        float[]? gq, float[]? gk, float[]? gValues, float[]? gOwn)
    {
        for (int unit = chunkStarts[chunk]; unit < chunkStarts[chunk + 1]; unit++)
        {
            Run(unit, g, pattern, dScores, q, k, gq, gk, gValues, gOwn);
        }
    }

    // Runs one unit: adds its terms into its gradient row.
    private void Run(int unit, float[] g, float[] pattern, float[] dScores, float[] q, float[] k,
        float[]? gq, float[]? gk, float[]? gValues, float[]? gOwn)
    {
        var (s, kind, h) = Unit(unit);
        int heads = plan.Heads, dh = plan.DHead, dOut = plan.DOut, qLen = plan.QueryCount, width = heads * dh, tableRows = plan.TableRows;
        int capacity = Math.Max(plan.KeyReads(s).Length * qLen, plan.QueryReads(s).Length * positions);
        if (weightScratch is null || weightScratch.Length < capacity)
        {
            weightScratch = new float[Math.Max(capacity, 1024)];
            offsetScratch = new int[weightScratch.Length];
        }
        var weights = weightScratch;
        var offsets = offsetScratch!;
        int count = 0;
        float[] destination;
        int at0, length;
        float[] source;
        switch (kind)
        {
            case Kind.ValueOutput or Kind.Key:
                // Key reads in slot order, then queries in order: the slots that saw row s as a key.
                var keyBatches = plan.KeyReadBatches(s);
                var keyPositions = plan.KeyReadPositions(s);
                for (int r = 0; r < keyBatches.Length; r++)
                {
                    int b = keyBatches[r], j = keyPositions[r];
                    for (int i = 0; i < qLen; i++)
                    {
                        if (queryPositions[i] < j)
                        {
                            continue;
                        }
                        int at = ((b * heads + h) * qLen + i) * positions + j;
                        if (kind == Kind.ValueOutput)
                        {
                            weights[count] = pattern[at];
                            offsets[count++] = (b * qLen + i) * dOut;
                        }
                        else
                        {
                            weights[count] = dScores[at];
                            offsets[count++] = slots[b * positions + queryPositions[i]] * width + h * dh;
                        }
                    }
                }
                (destination, at0, length, source) = kind == Kind.ValueOutput
                    ? (gValues!, (h * tableRows + s) * dOut, dOut, g)
                    : (gk!, s * width + h * dh, dh, q);
                break;
            case Kind.Query:
                var queryBatches = plan.QueryReadBatches(s);
                var queryIndices = plan.QueryReadQueries(s);
                for (int r = 0; r < queryBatches.Length; r++)
                {
                    int b = queryBatches[r], i = queryIndices[r];
                    int at = ((b * heads + h) * qLen + i) * positions;
                    for (int j = 0; j <= queryPositions[i]; j++)
                    {
                        weights[count] = dScores[at + j];
                        offsets[count++] = slots[b * positions + j] * width + h * dh;
                    }
                }
                (destination, at0, length, source) = (gq!, s * width + h * dh, dh, k);
                break;
            default:
                foreach (int read in plan.QueryReads(s))
                {
                    weights[count] = 1f;
                    offsets[count++] = read * dOut; // read = b·qLen + i
                }
                (destination, at0, length, source) = (gOwn!, s * dOut, dOut, g);
                break;
        }
        fixed (float* pd = destination)
        fixed (float* ps = source)
        fixed (float* pw = weights)
        fixed (int* po = offsets)
        {
            FmaRows.Accumulate(pd + at0, length, ps, pw, po, count);
        }
    }
}
