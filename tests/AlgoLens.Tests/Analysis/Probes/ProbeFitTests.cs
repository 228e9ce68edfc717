using AlgoLens.Analysis.Probes;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Probes;

/// <summary>The two probes' fits against closed forms and optimality, and the split.</summary>
public class ProbeFitTests
{
    [Fact]
    public void RidgeEqualsItsClosedFormInOneDimension()
    {
        // x̄ = 2.5, ȳ = 3.5, Σxc·yc/n = 1, Σxc²/n = 1.25: w = 1 / (1.25 + λ), b = ȳ − w·x̄.
        var x = new double[,] { { 1 }, { 2 }, { 3 }, { 4 } };
        double[] y = [2, 3, 5, 4];
        var probe = LinearProbe.Fit(x, y, decay: 0.5);
        Assert.Equal(1 / 1.75, probe.Weights[0], 12);
        Assert.Equal(3.5 - 2.5 / 1.75, probe.Bias, 12);
    }

    [Fact]
    public void RidgeWithoutDecayRecoversAnExactLinearMap()
    {
        var x = new double[,] { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 2, 3 }, { -1, 4 } };
        var y = Enumerable.Range(0, 5).Select(r => 2 * x[r, 0] - 3 * x[r, 1] + 1).ToArray();
        var probe = LinearProbe.Fit(x, y, decay: 0);
        Assert.Equal(2, probe.Weights[0], 10);
        Assert.Equal(-3, probe.Weights[1], 10);
        Assert.Equal(1, probe.Bias, 10);
        Assert.Equal(1, probe.RSquared(x, y), 10);
    }

    [Fact]
    public void TheLogisticFitIsAStationaryPointOfItsObjective()
    {
        var x = PlantedData.Gaussian(60, 3, seed: 20);
        var rng = new Rng(21);
        var labels = Enumerable.Range(0, 60).Select(_ => rng.NextInt(3)).ToArray(); // noisy: the optimum is interior
        const double decay = 0.05;
        var probe = LogisticProbe.Fit(x, labels, decay);

        var gradient = FiniteDifferenceGradient(probe, x, labels, decay);
        Assert.True(gradient.Max(Math.Abs) < 1e-5, $"|∇| = {gradient.Max(Math.Abs)}");
        // The check can fail: a probe moved off the optimum has a clear gradient.
        var moved = probe with { Biases = probe.Biases.Select((b, c) => c == 0 ? b + 0.1 : b).ToArray() };
        Assert.True(FiniteDifferenceGradient(moved, x, labels, decay).Max(Math.Abs) > 1e-2);
    }

    [Fact]
    public void TheSplitIsDeterministicDisjointAndComplete()
    {
        var a = ProbeSplit.Make(50, 0.2, seed: 4);
        var b = ProbeSplit.Make(50, 0.2, seed: 4);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(10, a.Test.Length);
        Assert.Empty(a.Train.Intersect(a.Test));
        Assert.Equal(Enumerable.Range(0, 50), a.Train.Concat(a.Test).Order());
        Assert.NotEqual(a.Test, ProbeSplit.Make(50, 0.2, seed: 5).Test);
    }

    // ∂/∂θ of mean cross-entropy + decay/2·‖W‖², by central differences on the public scores.
    private static double[] FiniteDifferenceGradient(LogisticProbe probe, double[,] x, int[] labels, double decay)
    {
        int d = probe.Weights.GetLength(0), k = probe.Classes;
        double Objective(LogisticProbe p)
        {
            double penalty = 0;
            foreach (double w in p.Weights)
            {
                penalty += w * w;
            }
            return p.CrossEntropy(x, labels) + decay / 2 * penalty;
        }
        var gradient = new List<double>();
        const double h = 1e-5;
        for (int j = 0; j < d * k + k; j++)
        {
            LogisticProbe Shift(double by)
            {
                var w = (double[,])probe.Weights.Clone();
                var b = (double[])probe.Biases.Clone();
                if (j < d * k)
                {
                    w[j / k, j % k] += by;
                }
                else
                {
                    b[j - d * k] += by;
                }
                return new LogisticProbe(w, b);
            }
            gradient.Add((Objective(Shift(h)) - Objective(Shift(-h))) / (2 * h));
        }
        return gradient.ToArray();
    }
}
