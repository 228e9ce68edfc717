using AlgoLens.Analysis.Interp;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Interp;

public class SvdTests
{
    // A product of Givens rotations over every pair of axes: a known orthogonal matrix.
    private static double[,] Rotation(int n, double seedAngle)
    {
        var q = DenseMatrix.Identity(n);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double angle = seedAngle * (1 + i) + 0.37 * j;
                var g = DenseMatrix.Identity(n);
                g[i, i] = g[j, j] = Math.Cos(angle);
                g[i, j] = -Math.Sin(angle);
                g[j, i] = Math.Sin(angle);
                q = DenseMatrix.Multiply(q, g);
            }
        }
        return q;
    }

    // Q1 [m, m] · diag(values) padded to [m, n] · Q2 [n, n]: singular values known by construction.
    private static double[,] DiagonalInDisguise(int m, int n, double[] values)
    {
        var diagonal = new double[m, n];
        for (int i = 0; i < values.Length; i++)
        {
            diagonal[i, i] = values[i];
        }
        return DenseMatrix.Multiply(DenseMatrix.Multiply(Rotation(m, 0.3), diagonal), Rotation(n, 0.8));
    }

    private static void AssertOrthonormalColumns(double[,] q, double tolerance = 1e-12)
    {
        var gram = DenseMatrix.Multiply(DenseMatrix.Transpose(q), q);
        Assert.True(DenseMatrix.MaxAbsDifference(DenseMatrix.Identity(gram.GetLength(0)), gram) < tolerance, "Columns are not orthonormal.");
    }

    [Theory]
    [InlineData(6, 4)]
    [InlineData(4, 6)]
    [InlineData(5, 5)]
    public void RecoversKnownSingularValuesWithOrthonormalFactors(int m, int n)
    {
        double[] values = [0.5, 7, 2, 1e-3];
        var a = DiagonalInDisguise(m, n, values);
        var svd = Svd.Decompose(a);
        var expected = values.Concat(Enumerable.Repeat(0.0, Math.Min(m, n) - values.Length)).OrderDescending().ToArray();
        Assert.Equal(expected.Length, svd.S.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], svd.S[i], 12);
        }
        Assert.Equal([m, Math.Min(m, n)], new[] { svd.U.GetLength(0), svd.U.GetLength(1) });
        Assert.Equal([n, Math.Min(m, n)], new[] { svd.V.GetLength(0), svd.V.GetLength(1) });
        AssertOrthonormalColumns(svd.U);
        AssertOrthonormalColumns(svd.V);
        Assert.True(DenseMatrix.MaxAbsDifference(a, svd.Reconstruct()) < 1e-12);
    }

    [Fact]
    public void RankDeficientAndZeroMatricesStillHaveOrthonormalFactors()
    {
        var rankTwo = DiagonalInDisguise(7, 7, [3, 1]);
        var svd = Svd.Decompose(rankTwo);
        Assert.Equal(2, Svd.Rank(svd.S));
        AssertOrthonormalColumns(svd.U);
        AssertOrthonormalColumns(svd.V);
        Assert.True(DenseMatrix.MaxAbsDifference(rankTwo, svd.Reconstruct()) < 1e-12);

        var zero = Svd.Decompose(new double[4, 3]);
        Assert.All(zero.S, s => Assert.Equal(0.0, s));
        AssertOrthonormalColumns(zero.U);
        Assert.Equal(0, Svd.Rank(zero.S));
    }

    [Fact]
    public void ARandomMatrixDecomposesAccurately()
    {
        var rng = new Rng(7);
        var a = new double[120, 90];
        for (int i = 0; i < 120; i++)
        {
            for (int j = 0; j < 90; j++)
            {
                a[i, j] = rng.Normal();
            }
        }
        var svd = Svd.Decompose(a);
        Assert.True(DenseMatrix.MaxAbsDifference(a, svd.Reconstruct()) < 1e-10);
        AssertOrthonormalColumns(svd.U, 1e-10);
        AssertOrthonormalColumns(svd.V, 1e-10);
        Assert.True(svd.S.Zip(svd.S.Skip(1)).All(p => p.First >= p.Second));
    }

    [Fact]
    public void EffectiveRankCountsEqualDirections()
    {
        Assert.Equal(3.0, Svd.EffectiveRank([2, 2, 2, 0]), 10);
        Assert.Equal(1.0, Svd.EffectiveRank([5, 0]), 10);
        Assert.Equal(0.0, Svd.EffectiveRank([0, 0]));
    }
}
