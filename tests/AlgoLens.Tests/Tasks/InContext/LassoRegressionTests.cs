using AlgoLens.Tasks.InContext;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.InContext;

public class LassoRegressionTests
{
    [Fact]
    public void SoftThresholdingShrinksTowardZero()
    {
        Assert.Equal(1.5, LassoRegression.SoftThreshold(2, 0.5));
        Assert.Equal(-1.5, LassoRegression.SoftThreshold(-2, 0.5));
        Assert.Equal(0, LassoRegression.SoftThreshold(0.3, 0.5));
        Assert.Equal(0, LassoRegression.SoftThreshold(-0.5, 0.5));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.6)]
    [InlineData(3.0)]
    public void AnOrthogonalDesignGivesSoftThresholdedCorrelations(double alpha)
    {
        // Three columns of the 4 × 4 Hadamard matrix: XᵀX = 4I = nI, so the objective separates and
        // w_j = S(X_jᵀy / n, α) exactly.
        double[] x =
        [
            1, 1, 1,
            -1, 1, -1,
            1, -1, -1,
            -1, -1, 1,
        ];
        double[] y = [3, -1, 2, 0.5];
        var w = LassoRegression.Fit(x, y, 3, alpha);
        for (int j = 0; j < 3; j++)
        {
            double correlation = Enumerable.Range(0, 4).Sum(i => x[i * 3 + j] * y[i]) / 4;
            Assert.Equal(LassoRegression.SoftThreshold(correlation, alpha), w[j], 12);
        }
    }

    [Theory]
    [InlineData(10, 4, 0.01)] // fewer examples than dimensions
    [InlineData(10, 4, 0.3)]
    [InlineData(3, 12, 0.05)]
    public void TheFitMeetsTheOptimalityConditions(int d, int n, double alpha)
    {
        var rng = new Rng(31);
        var x = Enumerable.Range(0, n * d).Select(_ => rng.Normal()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
        var w = LassoRegression.Fit(x, y, d, alpha);
        // KKT: g_j = X_jᵀ(y − Xw)/n equals α·sign(w_j) where w_j ≠ 0 and lies in [−α, α] where w_j = 0.
        for (int j = 0; j < d; j++)
        {
            double g = 0;
            for (int i = 0; i < n; i++)
            {
                double residual = y[i];
                for (int m = 0; m < d; m++)
                {
                    residual -= x[i * d + m] * w[m];
                }
                g += x[i * d + j] * residual / n;
            }
            if (w[j] != 0)
            {
                Assert.Equal(alpha * Math.Sign(w[j]), g, 6);
            }
            else
            {
                Assert.InRange(g, -alpha - 1e-9, alpha + 1e-9);
            }
        }
    }

    [Fact]
    public void ASparseWeightIsRecoveredFromFewerExamplesThanDimensions()
    {
        // w = 2e_1 − e_4 in d = 10 from 6 noise-free examples: the Lasso finds it, least squares cannot.
        var rng = new Rng(32);
        const int d = 10, n = 6;
        var x = Enumerable.Range(0, n * d).Select(_ => rng.Normal()).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 2 * x[i * d + 1] - x[i * d + 4]).ToArray();
        var lasso = LassoRegression.Fit(x, y, d, 0.001);
        var leastSquares = RidgeRegression.Fit(x, y, d, 0);
        double[] truth = [0, 2, 0, 0, -1, 0, 0, 0, 0, 0];
        Assert.True(Distance(lasso, truth) < 0.02, $"Lasso is {Distance(lasso, truth)} from w");
        Assert.True(Distance(leastSquares, truth) > 0.5, $"least squares is {Distance(leastSquares, truth)} from w");
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Equal([0.0, 0.0], LassoRegression.Fit([], [], 2, 0.1));
        Assert.Throws<ArgumentException>(() => LassoRegression.Fit([1, 2], [1], 2, 0));
        Assert.Throws<ArgumentException>(() => LassoRegression.Fit([1, 2, 3], [1], 2, 0.1));
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());
}
