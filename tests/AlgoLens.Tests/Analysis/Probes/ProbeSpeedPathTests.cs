using AlgoLens.Analysis.Probes;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Probes;

/// <summary>
/// The fast paths of the probes against the plain ones: the vectorised logistic objective against
/// the scalar reference, a warm-started fit against a cold one, and the ridge fit from a shared
/// Gram matrix against the fit that builds its own.
/// </summary>
public class ProbeSpeedPathTests
{
    [Fact]
    public void TheVectorisedObjectiveEqualsTheScalarReference()
    {
        var x = PlantedData.Gaussian(37, 9, seed: 30);
        var rng = new Rng(31);
        var labels = Enumerable.Range(0, 37).Select(_ => rng.NextInt(4)).ToArray();
        var theta = Enumerable.Range(0, 9 * 4 + 4).Select(_ => rng.Normal()).ToArray();
        var (value, gradient) = new LogisticObjective(x, labels, 4).Evaluate(theta, 0.3);
        var (reference, referenceGradient) = LogisticProbe.Objective(x, labels, 4, 0.3, theta);
        Assert.Equal(reference, value, 12);
        for (int j = 0; j < theta.Length; j++)
        {
            Assert.Equal(referenceGradient[j], gradient[j], 12);
        }
    }

    [Fact]
    public void AWarmStartEndsAtTheColdStartsOptimum()
    {
        var x = PlantedData.Gaussian(200, 6, seed: 32);
        var labels = PlantedData.ArgmaxLabels(x, 3, seed: 33);
        var objective = new LogisticObjective(x, labels, 3);
        var (_, warmFrom) = LogisticProbe.FitFrom(objective, 1.0, start: null);
        var (warm, _) = LogisticProbe.FitFrom(objective, 0.01, warmFrom);
        var cold = LogisticProbe.Fit(x, labels, 0.01, 3);
        for (int i = 0; i < 6; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(cold.Weights[i, c], warm.Weights[i, c], 4);
            }
        }
        Assert.Equal(cold.Predict(x), warm.Predict(x));
        // The starts differ: the decay-1 solution is far from the decay-0.01 one, so the check can fail.
        var (far, _) = LogisticProbe.FitFrom(objective, 1.0, start: null);
        Assert.True(Math.Abs(far.Weights[0, 0] - cold.Weights[0, 0]) > 1e-2);
    }

    [Fact]
    public void ARidgeFitFromASharedGramEqualsItsOwnFit()
    {
        var x = PlantedData.Gaussian(80, 5, seed: 34);
        var rng = new Rng(35);
        var y = Enumerable.Range(0, 80).Select(r => 3 * x[r, 1] - x[r, 4] + rng.Normal()).ToArray();
        var gram = new RidgeGram(x);
        foreach (double decay in new[] { 1e-3, 0.1, 10 })
        {
            var shared = LinearProbe.FitFromGram(gram, y, decay);
            var own = ReferenceRidge(x, y, decay);
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(own.Weights[i], shared.Weights[i], 10);
            }
            Assert.Equal(own.Bias, shared.Bias, 10);
        }
    }

    // Ridge by the textbook formula on centred data: (XcᵀXc/n + λI) w = Xcᵀyc/n, solved by Gaussian elimination.
    private static LinearProbe ReferenceRidge(double[,] x, double[] y, double decay)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = Enumerable.Range(0, d).Select(i => Enumerable.Range(0, n).Average(r => x[r, i])).ToArray();
        double yMean = y.Average();
        var a = new double[d, d + 1];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                a[i, j] = Enumerable.Range(0, n).Sum(r => (x[r, i] - mean[i]) * (x[r, j] - mean[j])) / n + (i == j ? decay : 0);
            }
            a[i, d] = Enumerable.Range(0, n).Sum(r => (x[r, i] - mean[i]) * (y[r] - yMean)) / n;
        }
        for (int p = 0; p < d; p++)
        {
            for (int r = p + 1; r < d; r++)
            {
                double f = a[r, p] / a[p, p];
                for (int c = p; c <= d; c++)
                {
                    a[r, c] -= f * a[p, c];
                }
            }
        }
        var w = new double[d];
        for (int i = d - 1; i >= 0; i--)
        {
            double s = a[i, d];
            for (int j = i + 1; j < d; j++)
            {
                s -= a[i, j] * w[j];
            }
            w[i] = s / a[i, i];
        }
        return new LinearProbe(w, yMean - w.Zip(mean, (wi, m) => wi * m).Sum());
    }
}
