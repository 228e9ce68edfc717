using AlgoLens.Models.Specialisations;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models.Specialisations;


/// <summary>
/// <see cref="TableOps.TableReluLinear"/> (the fused table attention → ReLU → W_out of the folded first
/// MLP) against the two ops it fuses, <see cref="TableOps.TableAttention"/> then <see cref="Ops.ReluLinear"/>.
/// </summary>
[Collection("Parallelism")]
public class TableReluLinearTests
{
    private sealed record Case(Tensor Q, Tensor K, Tensor Ov, Tensor TableResidual, int[] Slots, Tensor WOut, Tensor BOut, Tensor Residual, Tensor Weights);

    // "a b =" style slots (the last position reads one shared row); MLP-wide tables.
    private static Case Make(int batch, int pairs, int heads, int dMlp, int dOut, int[] queries, int seed)
    {
        var rng = new System.Random(seed);
        const int dh = 6;
        var slots = new int[batch * 3];
        for (int s = 0; s < slots.Length; s++)
        {
            slots[s] = s % 3 == 2 ? pairs - 1 : rng.Next(pairs - 1);
        }
        return new Case(GradCheck.Random(rng, [pairs, heads * dh]), GradCheck.Random(rng, [pairs, heads * dh]), GradCheck.Random(rng, [heads, pairs, dMlp]),
            GradCheck.Random(rng, [pairs, dMlp]), slots, GradCheck.Random(rng, [dMlp, dOut]), GradCheck.Random(rng, [dOut]),
            GradCheck.Random(rng, [batch, queries.Length, dOut]), GradCheck.Random(rng, [batch, queries.Length, dOut], requiresGrad: false));
    }

    private static Tensor[] Inputs(Case c) => [c.Q, c.K, c.Ov, c.TableResidual, c.WOut, c.BOut, c.Residual];

    private static (float[] Output, float[][] Gradients) Run(Case c, int[] queries, bool fused)
    {
        foreach (var t in Inputs(c))
        {
            t.ZeroGrad();
        }
        var output = fused
            ? TableOps.TableReluLinear(c.Q, c.K, c.Ov, c.TableResidual, c.Slots, 3, queries, c.WOut, c.BOut, c.Residual)
            : Ops.ReluLinear(TableOps.TableAttention(c.Q, c.K, c.Ov, c.TableResidual, c.Slots, 3, queries), c.WOut, c.BOut, c.Residual);
        Ops.SumAll(output * c.Weights).Backward();
        return (output.Data[..output.Size], Inputs(c).Select(t => t.Grad is null ? new float[t.Size] : t.Grad[..t.Size]).ToArray());
    }

    [Theory]
    [InlineData(400, 512, new[] { 2 })] // the fast paths: 256-wide strips, 128-column dots
    [InlineData(300, 520, new[] { 2 })] // a last hidden group 8 wide: the general paths
    [InlineData(300, 512, new[] { 0, 1, 2 })] // every position queried (a first block below others)
    public void MatchesTableAttentionThenReluLinear(int batch, int dMlp, int[] queries)
    {
        var c = Make(batch, pairs: 17, heads: 3, dMlp, dOut: 24, queries, seed: batch + dMlp);
        Assert.True(TableOps.RunsChunked(batch * queries.Length, dMlp, 24));
        var (fusedOutput, fusedGrads) = Run(c, queries, fused: true);
        var (output, grads) = Run(c, queries, fused: false);
        Assert.Equal(output.Length, fusedOutput.Length);
        for (int i = 0; i < output.Length; i++)
        {
            Assert.Equal(output[i], fusedOutput[i], 2e-3f);
        }
        string[] names = ["q", "k", "ov", "table residual", "W_out", "b_out", "residual"];
        for (int t = 0; t < grads.Length; t++)
        {
            double scale = Math.Max(1e-6, grads[t].Max(v => Math.Abs((double)v)));
            double error = grads[t].Zip(fusedGrads[t], (a, b) => Math.Abs((double)a - b)).Max() / scale;
            Assert.True(error < 1e-4, $"{names[t]}: fused vs two ops, scaled error {error:E2}");
        }
    }

    [Theory]
    [InlineData(false, true)] // frozen attention: no score gradients kept
    [InlineData(true, false)] // frozen tables and W_out: only the score gradients and the rest
    public void LeavesFrozenInputsAloneAndMatchesTheRest(bool attentionTrains, bool tablesTrain)
    {
        var c = Make(400, pairs: 17, heads: 3, dMlp: 512, dOut: 24, [2], seed: 21);
        c.Q.RequiresGrad = c.K.RequiresGrad = attentionTrains;
        c.Ov.RequiresGrad = c.TableResidual.RequiresGrad = c.WOut.RequiresGrad = tablesTrain;
        var fused = Run(c, [2], fused: true);
        var twoOps = Run(c, [2], fused: false);
        var inputs = Inputs(c);
        for (int t = 0; t < inputs.Length; t++)
        {
            if (!inputs[t].RequiresGrad)
            {
                Assert.All(fused.Gradients[t], v => Assert.Equal(0f, v));
                continue;
            }
            double scale = Math.Max(1e-6, twoOps.Gradients[t].Max(v => Math.Abs((double)v)));
            double error = twoOps.Gradients[t].Zip(fused.Gradients[t], (a, b) => Math.Abs((double)a - b)).Max() / scale;
            Assert.True(error < 1e-4, $"input {t}: fused vs two ops, scaled error {error:E2}");
        }
    }

    [Fact]
    public void SameBitsForOneTwoAndThreeThreads()
    {
        var c = Make(600, pairs: 17, heads: 3, dMlp: 512, dOut: 24, [2], seed: 9);
        var runs = new[] { 1, 2, 3 }.Select(threads =>
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            return Run(c, [2], fused: true);
        }).ToArray();
        foreach (var run in runs[1..])
        {
            Assert.Equal(runs[0].Output, run.Output);
            for (int t = 0; t < run.Gradients.Length; t++)
            {
                Assert.Equal(runs[0].Gradients[t], run.Gradients[t]);
            }
        }
    }

    [Fact]
    public void FewerRowsThanAChunkRunTheTwoOps()
    {
        var c = Make(100, pairs: 9, heads: 2, dMlp: 64, dOut: 8, [2], seed: 4);
        Assert.False(TableOps.RunsChunked(100, 64, 8));
        var fused = Run(c, [2], fused: true);
        var twoOps = Run(c, [2], fused: false);
        Assert.Equal(twoOps.Output, fused.Output);
        for (int t = 0; t < fused.Gradients.Length; t++)
        {
            Assert.Equal(twoOps.Gradients[t], fused.Gradients[t]);
        }
    }

    [Fact]
    public void RefusesAWeightThatDoesNotFitTheTables()
    {
        var c = Make(10, pairs: 5, heads: 2, dMlp: 16, dOut: 4, [2], seed: 1);
        var message = Assert.Throws<ArgumentException>(() => TableOps.TableReluLinear(c.Q, c.K, c.Ov, c.TableResidual, c.Slots, 3, [2], Tensor.Zeros(15, 4), null, null)).Message;
        Assert.Contains("W [15, 4]", message);
        Assert.Contains("need W [16, d_out]", message);
    }
}
