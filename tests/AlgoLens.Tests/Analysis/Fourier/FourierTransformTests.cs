using AlgoLens.Analysis.Fourier;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Fourier;

public class FourierTransformTests
{
    [Fact]
    public void AlongAnAxisIsFTimesTheValuesThere()
    {
        const int p = 13;
        var f = new FourierBasis(p);
        var rng = new Random(1);
        var x = new Tensor(Enumerable.Range(0, 2 * p * 3).Select(_ => (float)rng.NextDouble()).ToArray(), 2, p, 3);
        var y = FourierTransform.Along(f, x, axis: 1);
        Assert.Equal([2, p, 3], y.Shape);
        for (int i = 0; i < 2; i++)
        {
            for (int row = 0; row < p; row++)
            {
                for (int j = 0; j < 3; j++)
                {
                    double expected = 0;
                    for (int t = 0; t < p; t++)
                    {
                        expected += f[row, t] * x[i, t, j];
                    }
                    Assert.Equal(expected, y[i, row, j], 1e-5);
                }
            }
        }
        var back = FourierTransform.Along(f, y, axis: -2, inverse: true);
        Assert.All(back.Data.Zip(x.Data), pair => Assert.Equal(pair.Second, pair.First, 1e-5));
    }

    [Fact]
    public void GridTransformOfAProductOfCosinesIsOneCoefficient()
    {
        // Σ_{a,b} F[2k−1,a]·F[2k−1,b]·cos(w a)cos(w b) = (√(p/2))² = p/2, and nothing elsewhere.
        const int p = 17, k = 5;
        var f = new FourierBasis(p);
        var grid = Waves.Grid(p, 2, (j, a, b) => j == 0 ? Waves.Cos(k, a, p) * Waves.Cos(k, b, p) : Waves.Sin(k, a, p));
        var spectrum = FourierTransform.Grid(f, grid);
        Assert.Equal([p, p, 2], spectrum.Shape);
        for (int fa = 0; fa < p; fa++)
        {
            for (int fb = 0; fb < p; fb++)
            {
                Assert.Equal(fa == 2 * k - 1 && fb == 2 * k - 1 ? p / 2.0 : 0, spectrum[fa, fb, 0], 1e-4);
                // sin(w a) is constant in b: only (sin k, const), with √(p/2)·√p.
                Assert.Equal(fa == 2 * k && fb == 0 ? Math.Sqrt(p / 2.0) * Math.Sqrt(p) : 0, spectrum[fa, fb, 1], 1e-4);
            }
        }
    }

    [Fact]
    public void GridTransformMatchesTheDefinitionOnRandomValues()
    {
        const int p = 7, n = 3;
        var f = new FourierBasis(p);
        var rng = new Random(2);
        var grid = new Tensor(Enumerable.Range(0, p * p * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), p * p, n);
        var spectrum = FourierTransform.Grid(f, grid);
        var fromThreeD = FourierTransform.Grid(f, new Tensor(grid.Data, p, p, n));
        Assert.Equal(spectrum.Data, fromThreeD.Data);
        for (int fa = 0; fa < p; fa++)
        {
            for (int fb = 0; fb < p; fb++)
            {
                for (int j = 0; j < n; j++)
                {
                    double expected = 0;
                    for (int a = 0; a < p; a++)
                    {
                        for (int b = 0; b < p; b++)
                        {
                            expected += f[fa, a] * f[fb, b] * grid[a * p + b, j];
                        }
                    }
                    Assert.Equal(expected, spectrum[fa, fb, j], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void RejectsShapesThatAreNotTheGrid()
    {
        var f = new FourierBasis(13);
        Assert.Throws<ArgumentException>(() => FourierTransform.Grid(f, Tensor.Zeros(170, 2)));
        Assert.Throws<ArgumentException>(() => FourierTransform.Along(f, Tensor.Zeros(4, 12), axis: 1));
        Assert.Throws<ArgumentException>(() => FourierTransform.Along(f, Tensor.Zeros(13), axis: 1));
    }
}
