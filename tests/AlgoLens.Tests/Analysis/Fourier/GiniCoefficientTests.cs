using AlgoLens.Analysis.Fourier;

namespace AlgoLens.Tests.Analysis.Fourier;

public class GiniCoefficientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(56)]
    public void OneHotVectorIsOneMinusOneOverN(int n)
    {
        // Only c_(N) is non-zero: G = 1 − 2·1·(½/N) = 1 − 1/N.
        var values = new double[n];
        values[n / 2] = 3.7;
        Assert.Equal(1 - 1.0 / n, GiniCoefficient.Of(values), 1e-12);
    }

    [Fact]
    public void UniformVectorIsZero()
    {
        // Σ_k (1/N)·(N − k + ½)/N = (N(N − 1)/2 + N/2)/N² = ½, so G = 0.
        Assert.Equal(0, GiniCoefficient.Of(Enumerable.Repeat(0.4, 56)), 1e-12);
    }

    [Fact]
    public void SmallExampleByHandAndOrderDoesNotMatter()
    {
        // c = 1, 2, 3, 4: Σ c_k·(4 − k + ½)/(10·4) = (3.5 + 5 + 4.5 + 2)/40 = 0.375, G = 0.25.
        Assert.Equal(0.25, GiniCoefficient.Of([3, 1, 4, 2]), 1e-12);
        Assert.Equal(0.25, GiniCoefficient.Of([1, 2, 3, 4]), 1e-12);
        Assert.Equal(0.25, GiniCoefficient.Of([10, 20, 30, 40]), 1e-12);
    }

    [Fact]
    public void EmptyOrZeroIsZeroAndNegativeIsRejected()
    {
        Assert.Equal(0, GiniCoefficient.Of([]));
        Assert.Equal(0, GiniCoefficient.Of([0, 0, 0]));
        Assert.Throws<ArgumentException>(() => GiniCoefficient.Of([1, -1]));
        Assert.Throws<ArgumentException>(() => GiniCoefficient.Of([1, double.NaN]));
    }
}
