using AlgoLens.Analysis.Interp;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

public class PcaTests
{
    [Theory]
    [InlineData(5)]   // few points: the SVD of the centred data
    [InlineData(40)]  // many points: the covariance's eigenvectors
    public void PointsOnALineHaveAllTheirVarianceInTheFirstComponent(int n)
    {
        double[] centre = [1, -2, 0.5], direction = [2 / 3.0, -1 / 3.0, 2 / 3.0];
        var points = new double[n, 3];
        for (int r = 0; r < n; r++)
        {
            double t = r - n / 3.0 + 0.25 * (r % 3);
            for (int i = 0; i < 3; i++)
            {
                points[r, i] = centre[i] + t * direction[i];
            }
        }
        var pca = Pca.Fit(points);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio[0], 10);
        Assert.Equal(0.0, pca.ExplainedVarianceRatio[1], 10);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(direction[i], pca.Components[0, i], 8); // sign: the largest entry is positive
        }
        var projected = pca.Transform(points);
        for (int r = 0; r < n; r++)
        {
            Assert.Equal(0.0, projected[r, 1], 8);
        }
    }

    [Fact]
    public void AxisAlignedCrossHasKnownVariances()
    {
        var activations = new Tensor([3, 0, -3, 0, 0, 1, 0, -1], 2, 2, 2); // four points [.., d = 2]
        var pca = Pca.Fit(activations);
        Assert.Equal(18 / 3.0, pca.ExplainedVariance[0], 10);
        Assert.Equal(2 / 3.0, pca.ExplainedVariance[1], 10);
        Assert.Equal(0.9, pca.ExplainedVarianceRatio[0], 10);
        Assert.Equal(1.0, Math.Abs(pca.Components[0, 0]), 10);
        Assert.Equal(1, Pca.Fit(activations, components: 1).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(activations, components: 3));
    }
}
