using AlgoLens.Tasks.InContext;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.InContext;

public class RidgeRegressionTests
{
    [Fact]
    public void OneExampleGivesTheMinimumNormInterpolant()
    {
        // x_1 = (3, 4), y_1 = 10: the shortest w with w·x_1 = 10 is 10·x_1/|x_1|² = (1.2, 1.6).
        var w = RidgeRegression.Fit([3, 4], [10], 2, 0);
        Assert.Equal(1.2, w[0], 12);
        Assert.Equal(1.6, w[1], 12);
    }

    [Fact]
    public void FewerExamplesThanDimensionsLeaveTheUnseenDirectionsAtZero()
    {
        // Rows (1, 1, 0) and (0, 0, 1), y = (2, 5): w = (a, b, 5) with a + b = 2, shortest at a = b = 1.
        var w = RidgeRegression.Fit([1, 1, 0, 0, 0, 1], [2, 5], 3, 0);
        Assert.Equal([1.0, 1.0, 5.0], w.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void InOneDimensionRidgeIsTheShrunkenRatio()
    {
        // w = Σxy / (Σx² + λ), through the dual form (n = 1 ≤ d) and the primal one (n = 2 > d).
        Assert.Equal(6.0 / 5.0, RidgeRegression.Fit([2], [3], 1, 1)[0], 12);
        Assert.Equal(7.0 / 5.5, RidgeRegression.Fit([1, 2], [1, 3], 1, 0.5)[0], 12);
    }

    [Theory]
    [InlineData(3, 7, 0.0)]  // more examples than dimensions, plain least squares
    [InlineData(3, 7, 0.7)]
    [InlineData(6, 4, 0.7)]  // fewer: the dual form
    public void TheFitZeroesTheGradientOfTheObjective(int d, int n, double lambda)
    {
        var rng = new Rng(21);
        var x = Enumerable.Range(0, n * d).Select(_ => rng.Normal()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
        var w = RidgeRegression.Fit(x, y, d, lambda);
        // ∇ (‖y − Xw‖² + λ‖w‖²) / 2 = Xᵀ(Xw − y) + λw.
        for (int j = 0; j < d; j++)
        {
            double gradient = lambda * w[j];
            for (int i = 0; i < n; i++)
            {
                double residual = -y[i];
                for (int m = 0; m < d; m++)
                {
                    residual += x[i * d + m] * w[m];
                }
                gradient += x[i * d + j] * residual;
            }
            Assert.InRange(gradient, -1e-10, 1e-10);
        }
    }

    [Fact]
    public void NoExamplesGiveZeroWeightsAndBadInputIsRefused()
    {
        Assert.Equal([0.0, 0.0], RidgeRegression.Fit([], [], 2, 0));
        Assert.Throws<ArgumentException>(() => RidgeRegression.Fit([1, 2, 3], [1], 2, 0));
        Assert.Throws<ArgumentException>(() => RidgeRegression.Fit([1, 2], [1], 2, -1));
        // Two copies of one example in one dimension more: XXᵀ is singular without a penalty.
        Assert.Throws<InvalidOperationException>(() => RidgeRegression.Fit([1, 2, 1, 2], [1, 1], 2, 0));
    }
}
