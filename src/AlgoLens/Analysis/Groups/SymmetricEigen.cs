namespace AlgoLens.Analysis.Groups;

/// <summary>
/// Eigenvalues and orthonormal eigenvectors of a real symmetric matrix: Householder reduction to
/// tridiagonal form, then the implicit QL method (EISPACK's tred2 and tql2, as JAMA has them), in
/// double. O(n³); a 720×720 matrix (the regular representation of S6) takes a few seconds.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>Eigenvalues ascending, and the eigenvectors as the columns of V [n, n] in the same order.</summary>
    /// <param name="a">A symmetric matrix [n, n]; only read.</param>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (a.GetLength(1) != n)
        {
            throw new ArgumentException($"The matrix must be square; it is {n}×{a.GetLength(1)}.", nameof(a));
        }
        // Work on rows as separate arrays: the inner loops then run over contiguous memory.
        var v = new double[n][];
        for (int i = 0; i < n; i++)
        {
            v[i] = new double[n];
            for (int j = 0; j < n; j++)
            {
                v[i][j] = a[i, j];
            }
        }
        var d = new double[n];
        var e = new double[n];
        if (n > 0)
        {
            Tridiagonalise(v, d, e, n);
            Ql(v, d, e, n);
        }
        var vectors = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                vectors[i, j] = v[i][j];
            }
        }
        return (d, vectors);
    }

    // tred2: Householder reduction of v to tridiagonal form (diagonal d, subdiagonal e), v becoming the accumulated transform.
    private static void Tridiagonalise(double[][] v, double[] d, double[] e, int n)
    {
        for (int j = 0; j < n; j++)
        {
            d[j] = v[n - 1][j];
        }
        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0.0, h = 0.0;
            for (int k = 0; k < i; k++)
            {
                scale += Math.Abs(d[k]);
            }
            if (scale == 0.0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[i - 1][j];
                    v[i][j] = 0.0;
                    v[j][i] = 0.0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.Sqrt(h);
                if (f > 0)
                {
                    g = -g;
                }
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++)
                {
                    e[j] = 0.0;
                }
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j][i] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += v[k][j] * d[k];
                        e[k] += v[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++)
                {
                    e[j] -= hh * d[j];
                }
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++)
                    {
                        v[k][j] -= f * e[k] + g * d[k];
                    }
                    d[j] = v[i - 1][j];
                    v[i][j] = 0.0;
                }
            }
            d[i] = h;
        }
        // Accumulate the transformations.
        for (int i = 0; i < n - 1; i++)
        {
            v[n - 1][i] = v[i][i];
            v[i][i] = 1.0;
            double h = d[i + 1];
            if (h != 0.0)
            {
                for (int k = 0; k <= i; k++)
                {
                    d[k] = v[k][i + 1] / h;
                }
                for (int j = 0; j <= i; j++)
                {
                    double g = 0.0;
                    for (int k = 0; k <= i; k++)
                    {
                        g += v[k][i + 1] * v[k][j];
                    }
                    for (int k = 0; k <= i; k++)
                    {
                        v[k][j] -= g * d[k];
                    }
                }
            }
            for (int k = 0; k <= i; k++)
            {
                v[k][i + 1] = 0.0;
            }
        }
        for (int j = 0; j < n; j++)
        {
            d[j] = v[n - 1][j];
            v[n - 1][j] = 0.0;
        }
        v[n - 1][n - 1] = 1.0;
        e[0] = 0.0;
    }

    // tql2: the implicit QL method on the tridiagonal (d, e), rotating v's columns along; sorts ascending.
    private static void Ql(double[][] v, double[] d, double[] e, int n)
    {
        for (int i = 1; i < n; i++)
        {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0.0;
        double f = 0.0, tst1 = 0.0;
        double eps = Math.Pow(2.0, -52.0);
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n)
            {
                if (Math.Abs(e[m]) <= eps * tst1)
                {
                    break;
                }
                m++;
            }
            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60)
                    {
                        throw new InvalidOperationException("The QL iteration did not converge in 60 steps for an eigenvalue.");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Hypot(p, 1.0);
                    if (p < 0)
                    {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++)
                    {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1.0, c2 = c, c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0, s2 = 0.0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        // Rotate columns i and i + 1 of v, row by row.
                        for (int k = 0; k < n; k++)
                        {
                            double[] row = v[k];
                            h = row[i + 1];
                            row[i + 1] = s * row[i] + c * h;
                            row[i] = c * row[i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0.0;
        }
        // Selection sort ascending, swapping eigenvector columns along.
        for (int i = 0; i < n - 1; i++)
        {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++)
            {
                if (d[j] < p)
                {
                    k = j;
                    p = d[j];
                }
            }
            if (k != i)
            {
                d[k] = d[i];
                d[i] = p;
                for (int j = 0; j < n; j++)
                {
                    (v[j][i], v[j][k]) = (v[j][k], v[j][i]);
                }
            }
        }
    }

    private static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b);
}
