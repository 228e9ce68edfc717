using AlgoLens.Analysis.Dictionary;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Dictionary;

public class SparseAutoencoderTests
{
    /// <summary>48 sparse features (p = 0.05) in 24 dimensions: twice as many features as dimensions.</summary>
    private static SaeToyData Toy(ulong seed = 3) => new(rows: 20_000, m: 24, n: 48, p: 0.05, seed);

    private static SparseAutoencoderOptions ToyOptions => new()
    {
        L1Coefficient = 1,
        Epochs = 20,
        BatchSize = 256,
        LearningRate = 3e-3,
    };

    [Fact]
    public void RecoversTheFeaturesOfAToyModelOfSuperposition()
    {
        var toy = Toy();
        var result = new SparseAutoencoder(ToyOptions).Fit(toy.Activations, new DictionaryOptions { Components = 48, Seed = 1 });

        // At least 80% of W's 48 columns matched one-to-one by an atom with cosine ≥ 0.9.
        Assert.True(toy.Matched(result.Atoms, 0.9) >= 39, $"matched {toy.Matched(result.Atoms, 0.9)} of 48");
        Assert.Equal("sae", result.Method);
        Assert.True(result.Diagnostics["fvu"] < 0.15, $"fvu {result.Diagnostics["fvu"]}");
        // About 2.4 features are active per row; the codes should be nearly as sparse.
        Assert.InRange(result.Diagnostics["l0"], 1, 6);
        Assert.Equal(20, result.Diagnostics["epochs"]);
    }

    [Fact]
    public void DiagnosticsAgreeWithAnIndependentReconstructionInTheOriginalUnits()
    {
        var toy = Toy();
        // Scale the rows by 37: training rescales internally, so the result must be in these units.
        var scaled = new Tensor(toy.Activations.Data.Select(v => v * 37f).ToArray(), toy.Activations.Shape);
        var result = new SparseAutoencoder(ToyOptions with { Epochs = 3 }).Fit(scaled, new DictionaryOptions { Components = 48, Seed = 1 });
        int n = scaled.Shape[0], d = scaled.Shape[1];
        var rows = new double[n, d];
        var mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                rows[r, j] = scaled.Data[r * d + j];
                mean[j] += rows[r, j] / n;
            }
        }
        var reconstruction = result.Reconstruct(rows);
        var codes = result.Encode(rows);
        double squares = 0, total = 0;
        long active = 0;
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                double e = rows[r, j] - reconstruction[r, j];
                squares += e * e;
                total += (rows[r, j] - mean[j]) * (rows[r, j] - mean[j]);
            }
            for (int i = 0; i < 48; i++)
            {
                Assert.True(codes[r, i] >= 0);
                active += codes[r, i] > 0 ? 1 : 0;
            }
        }
        Assert.Equal(squares / total, result.Diagnostics["fvu"], 1e-3);
        Assert.Equal(squares / ((double)n * d), result.Diagnostics["mse"], result.Diagnostics["mse"] * 1e-3);
        Assert.Equal((double)active / n, result.Diagnostics["l0"], 1e-9);
    }

    [Fact]
    public void DecoderColumnsHaveUnitNormAfterTraining()
    {
        var toy = Toy();
        var result = new SparseAutoencoder(ToyOptions with { Epochs = 2 }).Fit(toy.Activations, new DictionaryOptions { Components = 64, Seed = 2 });
        Assert.Equal(64, result.Count);
        for (int i = 0; i < result.Count; i++)
        {
            double norm = 0;
            for (int j = 0; j < 24; j++)
            {
                norm += result.Atoms[i, j] * result.Atoms[i, j];
            }
            Assert.Equal(1.0, Math.Sqrt(norm), 1e-5);
        }
    }

    [Fact]
    public void WithoutTheConstraintTheDecoderNormsDrift()
    {
        // The constraint is what keeps them at 1: the same fit without it leaves some atoms away from unit norm.
        var toy = Toy();
        var run = new SparseAutoencoder(ToyOptions with { Epochs = 2, UnitNormDecoder = false })
            .Prepare(toy.Activations, new DictionaryOptions { Components = 48, Seed = 2 });
        run.Train();
        double largestGap = 0;
        for (int i = 0; i < 48; i++)
        {
            double norm = Math.Sqrt(run.Parameters.WDec.AsSpan(i * 24, 24).ToArray().Sum(v => (double)v * v));
            largestGap = Math.Max(largestGap, Math.Abs(norm - 1));
        }
        Assert.True(largestGap > 1e-2, $"largest gap {largestGap}");
    }

    [Fact]
    public void SameSeedGivesTheSameDictionaryOnOneOrTwoThreads()
    {
        var toy = Toy();
        var sae = new SparseAutoencoder(ToyOptions with { Epochs = 2, DeadWindow = 5000 });
        var options = new DictionaryOptions { Components = 48, Seed = 5 };
        DictionaryResult one, two;
        using (ComputeContext.Use(new ComputeContext(1)))
        {
            one = sae.Fit(toy.Activations, options);
        }
        using (ComputeContext.Use(new ComputeContext(2)))
        {
            two = sae.Fit(toy.Activations, options);
        }
        Assert.Equal(one.Atoms, two.Atoms);
        Assert.Equal(one.Offset, two.Offset);
        Assert.Equal(one.Diagnostics, two.Diagnostics);
        var other = sae.Fit(toy.Activations, options with { Seed = 6 });
        Assert.NotEqual(one.Atoms, other.Atoms);
    }

    [Fact]
    public void TopKKeepsTheKLargestPreActivationsOfEachRow()
    {
        const int K = 3;
        var toy = Toy();
        var run = new SparseAutoencoder(ToyOptions with { TopK = K, Epochs = 3 })
            .Prepare(toy.Activations, new DictionaryOptions { Components = 48, Seed = 1 });
        run.Train();
        var result = run.Result();
        var rows = toy.Rows();
        var codes = result.Encode(rows);
        var p = run.Parameters;
        float scale = run.Data.Scale;
        int exactlyK = 0, n = rows.GetLength(0);
        for (int r = 0; r < n; r++)
        {
            // Pre-activations recomputed in double from the weights: W_enc·(s·x − b_dec) + b_enc.
            var pre = new double[48];
            for (int i = 0; i < 48; i++)
            {
                double z = p.BEnc[i];
                for (int j = 0; j < 24; j++)
                {
                    z += p.WEnc[i * 24 + j] * ((float)rows[r, j] * scale - p.BDec[j]);
                }
                pre[i] = z;
            }
            var largest = Enumerable.Range(0, 48).OrderByDescending(i => pre[i]).Take(K).Where(i => pre[i] > 0).ToHashSet();
            var active = Enumerable.Range(0, 48).Where(i => codes[r, i] > 0).ToHashSet();
            Assert.Equal(largest, active);
            exactlyK += active.Count == K ? 1 : 0;
        }
        // The ReLU after the top-k drops only non-positive pre-activations: nearly every row keeps exactly k.
        Assert.True(exactlyK >= 0.9 * n, $"{exactlyK} of {n} rows have exactly {K} active features");
        Assert.True(result.Diagnostics["l0"] <= K);
    }

    [Fact]
    public void TopKAlsoRecoversTheToyFeatures()
    {
        var toy = Toy();
        var result = new SparseAutoencoder(ToyOptions with { TopK = 3 }).Fit(toy.Activations, new DictionaryOptions { Components = 48, Seed = 1 });
        Assert.True(toy.Matched(result.Atoms, 0.9) >= 39, $"matched {toy.Matched(result.Atoms, 0.9)} of 48");
    }

    [Fact]
    public void MeanInitialisationIsAccepted()
    {
        var toy = Toy();
        var run = new SparseAutoencoder(ToyOptions with { DecoderBiasInit = DecoderBiasInit.Mean, Epochs = 1 })
            .Prepare(toy.Activations, new DictionaryOptions { Components = 8 });
        int n = toy.Activations.Shape[0];
        for (int j = 0; j < 24; j++)
        {
            double mean = 0;
            for (int r = 0; r < n; r++)
            {
                mean += toy.Activations.Data[r * 24 + j];
            }
            Assert.Equal(mean / n * run.Data.Scale, run.Parameters.BDec[j], 1e-4);
        }
    }
}
