using AlgoLens.Analysis.Dictionary;

namespace AlgoLens.Tests.Analysis.Dictionary;

public class SaeDeadFeatureTests
{
    private static readonly int[] Planted = [0, 7, 19, 30, 41];

    /// <summary>Whether each feature's pre-activation is positive on some row, in double from the weights as they are now.</summary>
    private static bool[] FiresAnywhere(SaeRun run)
    {
        var p = run.Parameters;
        int n = run.Data.N, d = p.D, k = p.K;
        var fires = new bool[k];
        var x = new float[d];
        for (int r = 0; r < n; r++)
        {
            run.Data.Gather([r], x);
            for (int i = 0; i < k; i++)
            {
                double z = p.BEnc[i];
                for (int j = 0; j < d; j++)
                {
                    z += p.WEnc[i * d + j] * (x[j] - p.BDec[j]);
                }
                fires[i] |= z > 0;
            }
        }
        return fires;
    }

    private static SaeRun PlantedRun()
    {
        var toy = new SaeToyData(rows: 4000, m: 24, n: 48, p: 0.05, seed: 11);
        // A learning rate so small that one window of steps leaves the weights where the independent count reads them.
        var run = new SparseAutoencoder(new SparseAutoencoderOptions { L1Coefficient = 1, LearningRate = 1e-12, BatchSize = 500 })
            .Prepare(toy.Activations, new DictionaryOptions { Components = 48, Seed = 4 });
        foreach (int i in Planted)
        {
            // An encoder bias no row can overcome: these features can never fire.
            run.Parameters.BEnc[i] = -1e6f;
        }
        return run;
    }

    private static void OneWindow(SaeRun run)
    {
        for (int start = 0; start < run.Data.N; start += 500)
        {
            run.Trainer.Step(run.Data, Enumerable.Range(start, 500).ToArray());
        }
    }

    [Fact]
    public void CountsTheFeaturesThatNeverFireOverAWindow()
    {
        var run = PlantedRun();
        var expected = FiresAnywhere(run);
        OneWindow(run);
        for (int i = 0; i < 48; i++)
        {
            Assert.Equal(expected[i], run.Trainer.Fired[i] > 0);
        }
        foreach (int i in Planted)
        {
            Assert.Equal(0, run.Trainer.Fired[i]);
        }
        run.EndWindow(resample: false);
        Assert.Equal(expected.Count(f => !f), run.LastWindowDead);
        Assert.True(run.LastWindowDead >= Planted.Length);
        Assert.Equal(0, run.Resampled);
        // The final diagnostic counts the same features on the same weights.
        Assert.Equal(expected.Count(f => !f), run.Result().Diagnostics["dead_features"]);
    }

    [Fact]
    public void ResamplingRevivesTheDeadFeatures()
    {
        var run = PlantedRun();
        OneWindow(run);
        int dead = Enumerable.Range(0, 48).Count(i => run.Trainer.Fired[i] == 0);
        run.EndWindow(resample: true);
        Assert.Equal(dead, run.Resampled);
        var fires = FiresAnywhere(run);
        Assert.All(fires, Assert.True);
        foreach (int i in Planted)
        {
            Assert.Equal(0f, run.Parameters.BEnc[i]);
            double norm = Math.Sqrt(run.Parameters.WDec.AsSpan(i * 24, 24).ToArray().Sum(v => (double)v * v));
            Assert.Equal(1.0, norm, 1e-5);
        }
        Assert.Equal(0, run.Result().Diagnostics["dead_features"]);
    }

    [Fact]
    public void FitResamplesDuringTheFirstPartOfTrainingOnly()
    {
        var toy = new SaeToyData(rows: 4000, m: 24, n: 48, p: 0.05, seed: 11);
        var options = new SparseAutoencoderOptions { L1Coefficient = 1, Epochs = 4, BatchSize = 500, LearningRate = 3e-3, DeadWindow = 1000 };
        var with = new SparseAutoencoder(options).Prepare(toy.Activations, new DictionaryOptions { Components = 48, Seed = 4 });
        var without = new SparseAutoencoder(options with { Resample = false }).Prepare(toy.Activations, new DictionaryOptions { Components = 48, Seed = 4 });
        foreach (var run in new[] { with, without })
        {
            foreach (int i in Planted)
            {
                run.Parameters.BEnc[i] = -1e6f;
            }
            run.Train();
        }
        Assert.True(with.Resampled >= Planted.Length, $"resampled {with.Resampled}");
        Assert.Equal(0, without.Resampled);
        var withResult = with.Result();
        var withoutResult = without.Result();
        Assert.Equal(with.Resampled, withResult.Diagnostics["resampled"]);
        Assert.True(withoutResult.Diagnostics["dead_features"] >= Planted.Length);
        Assert.True(withResult.Diagnostics["dead_features"] < withoutResult.Diagnostics["dead_features"]);
    }
}
