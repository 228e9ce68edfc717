using System.Numerics;
using AlgoLens.Analysis.Circuits;

namespace AlgoLens.Tests.Analysis.CircuitDetection;

public sealed class RealEigenvaluesTests
{
    [Fact]
    public void A_quarter_turn_has_eigenvalues_plus_and_minus_i()
    {
        AssertSameSet([new Complex(0, 1), new Complex(0, -1)], RealEigenvalues.Of(new double[,] { { 0, -1 }, { 1, 0 } }));
    }

    [Fact]
    public void A_cyclic_permutation_has_the_cube_roots_of_unity()
    {
        var roots = Enumerable.Range(0, 3).Select(k => Complex.FromPolarCoordinates(1, 2 * Math.PI * k / 3)).ToArray();
        AssertSameSet(roots, RealEigenvalues.Of(new double[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 } }));
    }

    [Fact]
    public void A_triangular_matrix_has_its_diagonal()
    {
        var m = new double[,] { { 3, 1, 4, 1 }, { 0, -5, 9, 2 }, { 0, 0, 6, 5 }, { 0, 0, 0, 0.5 } };
        AssertSameSet([3, -5, 6, 0.5], RealEigenvalues.Of(m));
    }

    [Fact]
    public void A_companion_matrix_has_its_polynomials_roots()
    {
        // x³ − 2x² − 5x + 6 = (x − 1)(x + 2)(x − 3), and x² + 1 times (x − 4): roots ±i and 4 too.
        AssertSameSet([1, -2, 3], RealEigenvalues.Of(Companion(-2, -5, 6)));
        // (x² + 1)(x − 4) = x³ − 4x² + x − 4.
        AssertSameSet([new Complex(0, 1), new Complex(0, -1), 4], RealEigenvalues.Of(Companion(-4, 1, -4)));
    }

    [Fact]
    public void A_random_matrix_keeps_trace_and_determinant()
    {
        var rng = new AlgoLens.Tensors.Random.Rng(5);
        const int n = 12;
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = rng.Normal();
            }
        }
        var values = RealEigenvalues.Of(m);
        Assert.Equal(n, values.Length);
        double trace = Enumerable.Range(0, n).Sum(i => m[i, i]);
        Assert.Equal(trace, values.Aggregate(Complex.Zero, (a, b) => a + b).Real, 8);
        var product = values.Aggregate(Complex.One, (a, b) => a * b);
        Assert.Equal(Determinant(m), product.Real, 6);
        Assert.Equal(0, product.Imaginary, 6);
    }

    [Fact]
    public void Non_square_and_non_finite_matrices_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RealEigenvalues.Of(new double[2, 3]));
        Assert.Throws<ArgumentException>(() => RealEigenvalues.Of(new double[,] { { double.NaN } }));
    }

    // The companion matrix of x³ + a x² + b x + c.
    private static double[,] Companion(double a, double b, double c) => new double[,] { { -a, -b, -c }, { 1, 0, 0 }, { 0, 1, 0 } };

    private static void AssertSameSet(Complex[] expected, Complex[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var left = actual.ToList();
        foreach (var e in expected)
        {
            int i = left.FindIndex(a => (a - e).Magnitude < 1e-9);
            Assert.True(i >= 0, $"Eigenvalue {e} missing from [{string.Join(", ", actual)}].");
            left.RemoveAt(i);
        }
    }

    private static double Determinant(double[,] matrix)
    {
        var a = (double[,])matrix.Clone();
        int n = a.GetLength(0);
        double det = 1;
        for (int c = 0; c < n; c++)
        {
            int pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[r, c]));
            if (pivot != c)
            {
                det = -det;
                for (int j = 0; j < n; j++)
                {
                    (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
                }
            }
            det *= a[c, c];
            for (int r = c + 1; r < n; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int j = c; j < n; j++)
                {
                    a[r, j] -= f * a[c, j];
                }
            }
        }
        return det;
    }
}
