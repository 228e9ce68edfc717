using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Specialisations;

/// <summary>
/// Inner loops of <see cref="TableOps.TableAttention"/>'s forward, each computing exactly what the plain
/// per-slot loops compute (same products, same order, same rounding), only with less repeated work.
/// </summary>
internal static unsafe class TableAttentionKernels
{
    /// <summary>
    /// Scores q[own, h]·k[key, h]·scale for every distinct query row and every table row, when that is
    /// fewer dot products than one per (slot, head): with sequences of 3 queried at the last
    /// position only, whose last slot always names one row, that one query row meets the 200-odd
    /// key rows 3830 × 3 times. [ownCount, heads, tableRows], with
    /// <paramref name="ownIndex"/>[row] the query row's index (−1 for rows no query reads); null when
    /// the per-slot products are fewer.
    /// </summary>
    public static float[]? ScoreTable(float[] q, float[] k, int heads, int dh, int tableRows, int[] slots, int positions,
        int[] queryPositions, float scale, out int[] ownIndex)
    {
        ownIndex = MemoryScope.Ints(tableRows);
        Array.Fill(ownIndex, -1);
        int owns = 0;
        long perSlotDots = 0;
        int batch = slots.Length / positions;
        for (int b = 0; b < batch; b++)
        {
            foreach (int qp in queryPositions)
            {
                int own = slots[b * positions + qp];
                if (ownIndex[own] < 0)
                {
                    ownIndex[own] = owns++;
                }
                perSlotDots += qp + 1;
            }
        }
        if ((long)owns * tableRows >= perSlotDots)
        {
            return null;
        }
        int width = heads * dh;
        var table = MemoryScope.Scratch(owns * heads * tableRows); // every row written below
        var qs = new ReadOnlySpan<float>(q);
        var ks = new ReadOnlySpan<float>(k);
        for (int own = 0; own < tableRows; own++)
        {
            int index = ownIndex[own];
            if (index < 0)
            {
                continue;
            }
            for (int h = 0; h < heads; h++)
            {
                var qi = qs.Slice(own * width + h * dh, dh);
                var row = table.AsSpan((index * heads + h) * tableRows, tableRows);
                for (int key = 0; key < tableRows; key++)
                {
                    // The same expression as the per-slot loop: the same bits.
                    row[key] = SmallVector.Dot(qi, ks.Slice(key * width + h * dh, dh)) * scale;
                }
            }
        }
        return table;
    }

    /// <summary>
    /// outRow = start (or 0) + Σ_h Σ_j p[h, j]·values[h, keys[j]], element by element in the order of
    /// repeated axpys (h, then j, each a fused multiply-add), with the row held in registers instead
    /// of loaded and stored per axpy. <paramref name="p"/> holds each head's weights at h·stride.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateHeads(float* outRow, float* start, float* values, int tableRows, int dOut, int heads,
        float* p, int stride, int* keys, int valid)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated && dOut >= 256)
        {
            // Wide rows (a hidden-layer-wide table): the terms listed once, then strips of 256 columns.
            int count = heads * valid;
            float* w = stackalloc float[count];
            int* offsets = stackalloc int[count];
            for (int h = 0, t = 0; h < heads; h++)
            {
                for (int j = 0; j < valid; j++, t++)
                {
                    w[t] = p[h * stride + j];
                    offsets[t] = (h * tableRows + keys[j]) * dOut;
                }
            }
            for (; c + 256 <= dOut; c += 256)
            {
                FmaRows.Strip256(outRow + c, start == null ? null : start + c, values + c, w, offsets, count);
            }
        }
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c + 64 <= dOut; c += 64)
            {
                Vector512<float> a0, a1, a2, a3;
                if (start == null)
                {
                    a0 = a1 = a2 = a3 = Vector512<float>.Zero;
                }
                else
                {
                    a0 = Vector512.Load(start + c);
                    a1 = Vector512.Load(start + c + 16);
                    a2 = Vector512.Load(start + c + 32);
                    a3 = Vector512.Load(start + c + 48);
                }
                for (int h = 0; h < heads; h++)
                {
                    for (int j = 0; j < valid; j++)
                    {
                        var w = Vector512.Create(p[h * stride + j]);
                        float* row = values + ((nint)h * tableRows + keys[j]) * dOut + c;
                        a0 = Vector512.FusedMultiplyAdd(w, Vector512.Load(row), a0);
                        a1 = Vector512.FusedMultiplyAdd(w, Vector512.Load(row + 16), a1);
                        a2 = Vector512.FusedMultiplyAdd(w, Vector512.Load(row + 32), a2);
                        a3 = Vector512.FusedMultiplyAdd(w, Vector512.Load(row + 48), a3);
                    }
                }
                a0.Store(outRow + c);
                a1.Store(outRow + c + 16);
                a2.Store(outRow + c + 32);
                a3.Store(outRow + c + 48);
            }
        }
        for (; c < dOut; c++)
        {
            float acc = start == null ? 0f : start[c];
            for (int h = 0; h < heads; h++)
            {
                for (int j = 0; j < valid; j++)
                {
                    acc = MathF.FusedMultiplyAdd(p[h * stride + j], values[((nint)h * tableRows + keys[j]) * dOut + c], acc);
                }
            }
            outRow[c] = acc;
        }
    }
}
