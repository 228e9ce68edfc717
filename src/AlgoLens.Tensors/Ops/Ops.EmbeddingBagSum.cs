using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>Additions per chunk of <see cref="EmbeddingBagSum"/>'s loops when threads share them.</summary>
    private const int MinChunkWork = 1 << 18;

    /// <summary>
    /// Sums of gathered rows plus a bias: <c>output[b, :] = Σ_i table[rows[b·bagSize + i], :] + bias</c>,
    /// [bags, d]. It is <c>Sum(Embedding(table, rows, bags, bagSize), axis: 1) + bias</c> without the
    /// [bags, bagSize, d] gather in between (nor its gradient): the first layer of a network on a
    /// few tokens, when that layer's products with each (position, token) embedding were made once
    /// into <paramref name="table"/>.
    /// </summary>
    /// <remarks>
    /// Each output row adds its rows in index order and then the bias. The backward scatter-adds
    /// the output gradient into the rows read, in index order, with the columns split among the
    /// threads, so the gradients are the same bits for any thread count.
    /// </remarks>
    /// <param name="table">[table_rows, d].</param>
    /// <param name="rows">Row of <paramref name="table"/> for each of bags × <paramref name="bagSize"/> entries, bag-major;
    /// kept (not copied) for the backward, so it must not change until then.</param>
    /// <param name="bagSize">Rows summed per output row (at least 1).</param>
    /// <param name="bias">[d], or null.</param>
    /// <returns>[rows.Length / bagSize, d].</returns>
    public static Tensor EmbeddingBagSum(Tensor table, int[] rows, int bagSize, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        if (table.Rank != 2 || bagSize < 1 || rows.Length % bagSize != 0 || (bias is not null && (bias.Rank != 1 || bias.Dims[0] != table.Dims[1])))
        {
            throw new ArgumentException($"EmbeddingBagSum: table {table.ShapeString}, {rows.Length} rows in bags of {bagSize}{(bias is null ? "" : $", bias {bias.ShapeString}")} do not fit; need table [table_rows, d], a whole number of bags of at least 1 row, bias [d].");
        }
        int tableRows = table.Dims[0], d = table.Dims[1], bags = rows.Length / bagSize;
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)tableRows)
            {
                throw new ArgumentException($"EmbeddingBagSum: row {rows[i]} at index {i} is out of range for a table of {tableRows} rows.");
            }
        }
        var output = MemoryScope.Uninitialized(bags * d);
        var t = table.Data;
        var biasData = bias?.Data;
        // Chunks of at least MinChunkWork additions, so that a small batch (the sparse-parity mlp's
        // 32 rows) stays on one thread rather than paying a hand-off per few microseconds of work.
        int bagGrain = Math.Max(64, MinChunkWork / Math.Max(1, bagSize * d));
        Parallelism.ForRanges(bags, bagGrain, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                var y = output.AsSpan(b * d, d);
                t.AsSpan(rows[b * bagSize] * d, d).CopyTo(y);
                for (int i = 1; i < bagSize; i++)
                {
                    TensorPrimitives.Add(y, t.AsSpan(rows[b * bagSize + i] * d, d), y);
                }
                if (biasData is not null)
                {
                    TensorPrimitives.Add(y, biasData, y);
                }
            }
        });
        Tensor[] inputs = bias is null ? [table] : [table, bias];
        return Tensor.FromOp(output, [bags, d], "EmbeddingBagSum", inputs, g =>
        {
            var gTable = table.RequiresGrad ? table.GradBuffer() : null;
            var gBias = bias is { RequiresGrad: true } ? bias.GradBuffer() : null;
            // Columns in blocks of at least 64 floats: every thread reads g row by row in its own columns.
            int columnGrain = Math.Max(64, MinChunkWork / Math.Max(1, bags * (bagSize + 1)));
            Parallelism.ForRanges(d, columnGrain, (c0, c1) =>
            {
                int width = c1 - c0;
                for (int b = 0; b < bags; b++)
                {
                    var gRow = g.AsSpan(b * d + c0, width);
                    if (gTable is not null)
                    {
                        for (int i = 0; i < bagSize; i++)
                        {
                            var dst = gTable.AsSpan(rows[b * bagSize + i] * d + c0, width);
                            TensorPrimitives.Add(dst, gRow, dst);
                        }
                    }
                    if (gBias is not null)
                    {
                        var dst = gBias.AsSpan(c0, width);
                        TensorPrimitives.Add(dst, gRow, dst);
                    }
                }
            });
        });
    }
}
