using AlgoLens.Analysis.Fourier;

namespace AlgoLens.Tests.Analysis.Fourier;

public class FourierBasisTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(13)]
    [InlineData(113)]
    public void IsOrthonormal(int p)
    {
        var f = new FourierBasis(p);
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double dot = 0;
                for (int x = 0; x < p; x++)
                {
                    dot += f[i, x] * f[j, x];
                }
                Assert.Equal(i == j ? 1.0 : 0.0, dot, 1e-12);
            }
        }
    }

    [Fact]
    public void RowsAreTheNormalisedConstantCosinesAndSines()
    {
        const int p = 113;
        var f = new FourierBasis(p);
        double scale = Math.Sqrt(2.0 / p);
        for (int x = 0; x < p; x++)
        {
            Assert.Equal(1 / Math.Sqrt(p), f[0, x], 1e-14);
            for (int k = 1; k <= f.Frequencies; k++)
            {
                Assert.Equal(scale * Waves.Cos(k, x, p), f[2 * k - 1, x], 1e-12);
                Assert.Equal(scale * Waves.Sin(k, x, p), f[2 * k, x], 1e-12);
            }
        }
        Assert.Equal(p * p, f.ToArray().Length);
        Assert.Equal(f[27, 5], f.ToArray()[27 * p + 5]);
    }

    [Fact]
    public void NamesAndFrequenciesOfRows()
    {
        var f = new FourierBasis(13);
        Assert.Equal(6, f.Frequencies);
        Assert.Equal(["const", "cos 1", "sin 1", "cos 2", "sin 2"], f.RowNames().Take(5));
        Assert.Equal("sin 6", f.RowName(12));
        Assert.Equal([0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6], Enumerable.Range(0, 13).Select(f.FrequencyOfRow));
        Assert.Equal(9, f.CosRow(5));
        Assert.Equal(10, f.SinRow(5));
        Assert.Equal(2 * Math.PI * 5 / 13, f.AngularFrequency(5), 1e-15);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(114)]
    [InlineData(1)]
    public void RejectsEvenOrTinyModuli(int p)
    {
        var e = Assert.Throws<ArgumentException>(() => new FourierBasis(p));
        Assert.Contains("odd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsFrequenciesOutsideTheBasis()
    {
        var f = new FourierBasis(13);
        Assert.Throws<ArgumentOutOfRangeException>(() => f.CosRow(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.SinRow(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => f[13, 0]);
    }
}
