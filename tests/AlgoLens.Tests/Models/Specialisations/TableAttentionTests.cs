using AlgoLens.Models.Specialisations;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models.Specialisations;


/// <summary>
/// <see cref="TableOps.TableAttention"/> against the same block from gathers, the fused attention and
/// per-head output projections, and against finite differences.
/// </summary>
[Collection("Parallelism")]
public class TableAttentionTests
{
    private readonly System.Random rng = new(41);

    // The unfused computation from primitive ops: gather q and k per slot, per head the causal
    // softmax of the scaled scores, and the pattern mixing the gathered rows of that head's ov table.
    private static Tensor Reference(Tensor q, Tensor k, Tensor ov, Tensor? residual, int[] slots, int pos, int[] queries)
    {
        int batch = slots.Length / pos, heads = ov.Shape[0], pairs = ov.Shape[1], dOut = ov.Shape[2], qLen = queries.Length;
        int dh = q.Shape[1] / heads;
        var querySlots = new int[batch * qLen];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < qLen; i++)
            {
                querySlots[b * qLen + i] = slots[b * pos + queries[i]];
            }
        }
        var mask = new bool[qLen * pos];
        for (int i = 0; i < qLen; i++)
        {
            for (int j = queries[i] + 1; j < pos; j++)
            {
                mask[i * pos + j] = true;
            }
        }
        var qs = Ops.Embedding(q, querySlots, batch, qLen);
        var ks = Ops.Embedding(k, slots, batch, pos);
        Tensor? sum = residual is null ? null : Ops.Embedding(residual, querySlots, batch, qLen);
        for (int h = 0; h < heads; h++)
        {
            var scores = Ops.Scale(Ops.MatMul(Ops.Slice(qs, 2, h * dh, dh), Ops.Slice(ks, 2, h * dh, dh), transposeB: true), 1f / MathF.Sqrt(dh));
            var pattern = Ops.Softmax(Ops.MaskedFill(scores, mask, float.NegativeInfinity)); // [batch, q, pos]
            var values = Ops.Embedding(Ops.Reshape(Ops.Slice(ov, 0, h, 1), pairs, dOut), slots, batch, pos);
            var head = Ops.MatMul(pattern, values);
            sum = sum is null ? head : sum + head;
        }
        return sum!;
    }

    private static (Tensor Q, Tensor K, Tensor Ov, Tensor Residual, int[] Slots) Case(System.Random rng, int batch, int pos, int pairs, int heads, int dOut)
    {
        const int dh = 5;
        var q = GradCheck.Random(rng, [pairs, heads * dh]);
        var k = GradCheck.Random(rng, [pairs, heads * dh]);
        var ov = GradCheck.Random(rng, [heads, pairs, dOut]);
        var residual = GradCheck.Random(rng, [pairs, dOut]);
        var slots = new int[batch * pos];
        for (int s = 0; s < slots.Length; s++)
        {
            // Rows are shared across entries and positions, and the last one (an "=") by all.
            slots[s] = s % pos == pos - 1 ? pairs - 1 : rng.Next(pairs - 1);
        }
        return (q, k, ov, residual, slots);
    }

    [Theory]
    [InlineData(new[] { 2 }, 5)]
    [InlineData(new[] { 0, 1, 2 }, 5)]
    [InlineData(new[] { 1, 2 }, 5)]
    [InlineData(new[] { 2 }, 300)] // MLP-wide tables: 256-column strips, then 32, then single columns
    public void MatchesGathersAttentionAndProjection(int[] queries, int dOut)
    {
        var (q, k, ov, residual, slots) = Case(rng, batch: 300, pos: 3, pairs: 6, heads: 2, dOut: dOut);

        var fused = TableOps.TableAttention(q, k, ov, residual, slots, 3, queries);
        var reference = Reference(q, k, ov, residual, slots, 3, queries);

        Assert.Equal(reference.Shape, fused.Shape);
        for (int i = 0; i < fused.Size; i++)
        {
            Assert.Equal(reference.Data[i], fused.Data[i], 1e-5f);
        }
        // And the gradients of a weighted sum, through both.
        var weights = GradCheck.Random(rng, fused.Shape);
        var fusedGrads = Gradients(() => Ops.SumAll(TableOps.TableAttention(q, k, ov, residual, slots, 3, queries) * weights), q, k, ov, residual);
        var referenceGrads = Gradients(() => Ops.SumAll(Reference(q, k, ov, residual, slots, 3, queries) * weights), q, k, ov, residual);
        for (int t = 0; t < fusedGrads.Length; t++)
        {
            for (int i = 0; i < fusedGrads[t].Length; i++)
            {
                Assert.Equal(referenceGrads[t][i], fusedGrads[t][i], 2e-4f);
            }
        }
    }

    private static float[][] Gradients(Func<Tensor> loss, params Tensor[] inputs)
    {
        foreach (var t in inputs)
        {
            t.ZeroGrad();
        }
        loss().Backward();
        return inputs.Select(t => (float[])t.Grad!.Clone()).ToArray();
    }

    [Fact]
    public void MatchesFiniteDifferences()
    {
        var (q, k, ov, residual, slots) = Case(rng, batch: 5, pos: 3, pairs: 4, heads: 2, dOut: 3);
        GradCheck.Check(t => TableOps.TableAttention(t[0], t[1], t[2], t[3], slots, 3, [1, 2]), q, k, ov, residual);
        GradCheck.Check(t => TableOps.TableAttention(t[0], t[1], t[2], null, slots, 3, [2]), q, k, ov);
    }

    [Fact]
    public void SameBitsForOneAndThreeThreads()
    {
        var (q, k, ov, residual, slots) = Case(rng, batch: 2000, pos: 3, pairs: 9, heads: 3, dOut: 40);
        float[][] Run(int threads)
        {
            using (ComputeContext.Use(new ComputeContext(threads)))
            {
                var outputs = TableOps.TableAttention(q, k, ov, residual, slots, 3, [2]);
                var grads = Gradients(() => Ops.SumAll(Ops.Square(TableOps.TableAttention(q, k, ov, residual, slots, 3, [2]))), q, k, ov, residual);
                return [outputs.Data.ToArray(), .. grads];
            }
        }
        var one = Run(1);
        var three = Run(3);
        for (int t = 0; t < one.Length; t++)
        {
            Assert.Equal(one[t], three[t]);
        }
    }

    [Fact]
    public void RefusesTablesAndSlotsThatDoNotFit()
    {
        var (q, k, ov, residual, slots) = Case(rng, batch: 2, pos: 3, pairs: 4, heads: 2, dOut: 3);
        Assert.Contains("values [heads, table_rows, d_out]", Assert.Throws<ArgumentException>(() => TableOps.TableAttention(q, k, Tensor.Zeros(2, 5, 3), null, slots, 3, [2])).Message);
        Assert.Contains("[table_rows, d_out] = [4, 3]", Assert.Throws<ArgumentException>(() => TableOps.TableAttention(q, k, ov, Tensor.Zeros(4, 2), slots, 3, [2])).Message);
        Assert.Contains("outside the 4 rows", Assert.Throws<ArgumentException>(() => TableOps.TableAttention(q, k, ov, residual, [0, 1, 4, 0, 1, 2], 3, [2])).Message);
        Assert.Contains("whole sequences", Assert.Throws<ArgumentException>(() => TableOps.TableAttention(q, k, ov, residual, [0, 1, 2, 0], 3, [2])).Message);
        Assert.Contains("0..2", Assert.Throws<ArgumentException>(() => TableOps.TableAttention(q, k, ov, residual, slots, 3, [3])).Message);
    }
}
