using AlgoLens.Analysis.Dictionary;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Dictionary;

/// <summary>The hand-written backward, dense and sparse, against central finite differences of the loss computed independently in double.</summary>
public class SaeGradientTests
{
    private const int D = 5, K = 7, Rows = 6;
    private const double L1 = 0.3;

    private static SaeRun TinyRun(int? topK)
    {
        var rng = new Rng(21);
        var data = new float[Rows * D];
        rng.FillNormal(data, 0.5f, 1f);
        var run = new SparseAutoencoder(new SparseAutoencoderOptions { L1Coefficient = L1, TopK = topK, UnitNormDecoder = false })
            .Prepare(new Tensor(data, Rows, D), new DictionaryOptions { Components = K, Seed = 3 });
        // Untie the encoder and give the biases values, so that no gradient is zero by symmetry.
        var perturb = new Rng(22);
        for (int i = 0; i < run.Parameters.WEnc.Length; i++)
        {
            run.Parameters.WEnc[i] += 0.3f * (float)perturb.Normal();
        }
        for (int i = 0; i < K; i++)
        {
            run.Parameters.BEnc[i] = 0.2f * (float)perturb.Normal();
        }
        return run;
    }

    /// <summary>(1/B)·Σ_rows(‖x − x̂‖² + λ‖f‖₁ if no top-k), in double, from parameter arrays given as doubles.</summary>
    private static double Loss(SaeRun run, double[][] w)
    {
        double[] wEnc = w[0], bEnc = w[1], wDec = w[2], bDec = w[3];
        var x = new float[D];
        double total = 0;
        for (int r = 0; r < Rows; r++)
        {
            run.Data.Gather([r], x);
            var pre = new double[K];
            for (int i = 0; i < K; i++)
            {
                pre[i] = bEnc[i];
                for (int j = 0; j < D; j++)
                {
                    pre[i] += wEnc[i * D + j] * (x[j] - bDec[j]);
                }
            }
            var keep = run.Parameters.TopK is { } topK
                ? Enumerable.Range(0, K).OrderByDescending(i => pre[i]).Take(topK).ToHashSet()
                : Enumerable.Range(0, K).ToHashSet();
            var f = Enumerable.Range(0, K).Select(i => keep.Contains(i) ? Math.Max(pre[i], 0) : 0).ToArray();
            for (int j = 0; j < D; j++)
            {
                double hat = bDec[j];
                for (int i = 0; i < K; i++)
                {
                    hat += f[i] * wDec[i * D + j];
                }
                total += (x[j] - hat) * (x[j] - hat);
            }
            if (run.Parameters.TopK is null)
            {
                total += L1 * f.Sum();
            }
        }
        return total / Rows;
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(null, true)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void GradientsMatchFiniteDifferences(int? topK, bool sparse)
    {
        var run = TinyRun(topK);
        var p = run.Parameters;
        run.Trainer.ComputeGradients(run.Data, Enumerable.Range(0, Rows).ToArray(), sparse);
        Assert.Equal(sparse, run.Trainer.LastWasSparse);
        var weights = new[] { p.WEnc, p.BEnc, p.WDec, p.BDec }.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        const double h = 1e-4;
        for (int a = 0; a < 4; a++)
        {
            for (int i = 0; i < weights[a].Length; i++)
            {
                double keep = weights[a][i];
                weights[a][i] = keep + h;
                double up = Loss(run, weights);
                weights[a][i] = keep - h;
                double down = Loss(run, weights);
                weights[a][i] = keep;
                double expected = (up - down) / (2 * h);
                double actual = run.Trainer.Gradients[a][i];
                Assert.True(Math.Abs(actual - expected) <= 2e-3 * (1 + Math.Abs(expected)),
                    $"parameter {a}[{i}]: backward {actual}, finite difference {expected}");
            }
        }
    }

    [Fact]
    public void TheSparseBackwardRunsWhenFewCodesAreActive()
    {
        var toy = new SaeToyData(rows: 512, m: 24, n: 48, p: 0.05, seed: 3);
        SaeRun Run(int? topK) => new SparseAutoencoder(new SparseAutoencoderOptions { TopK = topK, BatchSize = 256 })
            .Prepare(toy.Activations, new DictionaryOptions { Components = 64, Seed = 1 });
        var topTwo = Run(2);
        topTwo.Trainer.Step(topTwo.Data, Enumerable.Range(0, 256).ToArray());
        // 2 of 64 active (3%) is under the threshold; untrained ReLU codes (about half active) are over it.
        Assert.True(topTwo.Trainer.LastWasSparse);
        var relu = Run(null);
        relu.Trainer.Step(relu.Data, Enumerable.Range(0, 256).ToArray());
        Assert.False(relu.Trainer.LastWasSparse);
    }
}
