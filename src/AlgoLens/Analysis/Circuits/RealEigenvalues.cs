using System.Numerics;

namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// Eigenvalues of a general (non-symmetric) real square matrix: reduction to upper Hessenberg form
/// by Gaussian elimination with pivoting, then the Francis double-shift QR iteration (EISPACK's
/// <c>elmhes</c> and <c>hqr</c>, as in Numerical Recipes §11.5–11.6). Complex eigenvalues come in
/// conjugate pairs. Meant for the small matrices of circuit analysis (d_head or d_model sized).
/// </summary>
public static class RealEigenvalues
{
    // Iterations allowed per eigenvalue before giving up; exceptional shifts at every tenth.
    private const int MaxIterations = 100;

    /// <summary>The eigenvalues of <paramref name="matrix"/>, in no particular order.</summary>
    /// <exception cref="ArgumentException">The matrix is not square, or holds a non-finite entry.</exception>
    /// <exception cref="ArithmeticException">The QR iteration did not converge.</exception>
    public static Complex[] Of(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
        {
            throw new ArgumentException($"Eigenvalues need a square matrix; got [{n}, {matrix.GetLength(1)}].");
        }
        // 1-based copy: the algorithm's index arithmetic is kept as published, which is easier to check.
        var a = new double[n + 1, n + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = matrix[i, j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Entry [{i}, {j}] of the matrix is {v}; eigenvalues need finite entries.");
                }
                a[i + 1, j + 1] = v;
            }
        }
        ToHessenberg(a, n);
        return Hqr(a, n);
    }

    private static void ToHessenberg(double[,] a, int n)
    {
        for (int m = 2; m < n; m++)
        {
            double x = 0;
            int pivot = m;
            for (int j = m; j <= n; j++)
            {
                if (Math.Abs(a[j, m - 1]) > Math.Abs(x))
                {
                    x = a[j, m - 1];
                    pivot = j;
                }
            }
            if (pivot != m)
            {
                for (int j = m - 1; j <= n; j++)
                {
                    (a[pivot, j], a[m, j]) = (a[m, j], a[pivot, j]);
                }
                for (int j = 1; j <= n; j++)
                {
                    (a[j, pivot], a[j, m]) = (a[j, m], a[j, pivot]);
                }
            }
            if (x != 0)
            {
                for (int i = m + 1; i <= n; i++)
                {
                    double y = a[i, m - 1];
                    if (y != 0)
                    {
                        y /= x;
                        for (int j = m; j <= n; j++)
                        {
                            a[i, j] -= y * a[m, j];
                        }
                        for (int j = 1; j <= n; j++)
                        {
                            a[j, m] += y * a[j, i];
                        }
                    }
                }
            }
        }
        // The eliminated entries below the subdiagonal are zero in exact arithmetic: make them so.
        for (int i = 3; i <= n; i++)
        {
            for (int j = 1; j < i - 1; j++)
            {
                a[i, j] = 0;
            }
        }
    }

    private static Complex[] Hqr(double[,] a, int n)
    {
        var wr = new double[n + 1];
        var wi = new double[n + 1];
        double anorm = 0;
        for (int i = 1; i <= n; i++)
        {
            for (int j = Math.Max(i - 1, 1); j <= n; j++)
            {
                anorm += Math.Abs(a[i, j]);
            }
        }
        int nn = n;
        double t = 0;
        double p = 0, q = 0, r = 0, s, w = 0, x, y = 0, z = 0;
        while (nn >= 1)
        {
            int its = 0;
            int l;
            do
            {
                // Look for a single small subdiagonal element to split the matrix.
                for (l = nn; l >= 2; l--)
                {
                    s = Math.Abs(a[l - 1, l - 1]) + Math.Abs(a[l, l]);
                    if (s == 0)
                    {
                        s = anorm;
                    }
                    if (Math.Abs(a[l, l - 1]) + s == s)
                    {
                        a[l, l - 1] = 0;
                        break;
                    }
                }
                x = a[nn, nn];
                if (l == nn)
                {
                    // One root found.
                    wr[nn] = x + t;
                    wi[nn--] = 0;
                }
                else
                {
                    y = a[nn - 1, nn - 1];
                    w = a[nn, nn - 1] * a[nn - 1, nn];
                    if (l == nn - 1)
                    {
                        // Two roots found.
                        p = 0.5 * (y - x);
                        q = p * p + w;
                        z = Math.Sqrt(Math.Abs(q));
                        x += t;
                        if (q >= 0)
                        {
                            z = p + (p >= 0 ? Math.Abs(z) : -Math.Abs(z));
                            wr[nn - 1] = wr[nn] = x + z;
                            if (z != 0)
                            {
                                wr[nn] = x - w / z;
                            }
                            wi[nn - 1] = wi[nn] = 0;
                        }
                        else
                        {
                            wr[nn - 1] = wr[nn] = x + p;
                            wi[nn - 1] = -(wi[nn] = z);
                        }
                        nn -= 2;
                    }
                    else
                    {
                        if (its == MaxIterations)
                        {
                            throw new ArithmeticException($"The QR iteration found no eigenvalue after {MaxIterations} iterations.");
                        }
                        if (its > 0 && its % 10 == 0)
                        {
                            // Exceptional shift, to break a cycle.
                            t += x;
                            for (int i = 1; i <= nn; i++)
                            {
                                a[i, i] -= x;
                            }
                            s = Math.Abs(a[nn, nn - 1]) + Math.Abs(a[nn - 1, nn - 2]);
                            y = x = 0.75 * s;
                            w = -0.4375 * s * s;
                        }
                        ++its;
                        int m;
                        // Form the shift and look for two consecutive small subdiagonal elements.
                        for (m = nn - 2; m >= l; m--)
                        {
                            z = a[m, m];
                            r = x - z;
                            s = y - z;
                            p = (r * s - w) / a[m + 1, m] + a[m, m + 1];
                            q = a[m + 1, m + 1] - z - r - s;
                            r = a[m + 2, m + 1];
                            s = Math.Abs(p) + Math.Abs(q) + Math.Abs(r);
                            p /= s;
                            q /= s;
                            r /= s;
                            if (m == l)
                            {
                                break;
                            }
                            double u = Math.Abs(a[m, m - 1]) * (Math.Abs(q) + Math.Abs(r));
                            double v = Math.Abs(p) * (Math.Abs(a[m - 1, m - 1]) + Math.Abs(z) + Math.Abs(a[m + 1, m + 1]));
                            if (u + v == v)
                            {
                                break;
                            }
                        }
                        for (int i = m + 2; i <= nn; i++)
                        {
                            a[i, i - 2] = 0;
                            if (i != m + 2)
                            {
                                a[i, i - 3] = 0;
                            }
                        }
                        // Double QR step on rows l..nn and columns m..nn.
                        for (int k = m; k <= nn - 1; k++)
                        {
                            if (k != m)
                            {
                                p = a[k, k - 1];
                                q = a[k + 1, k - 1];
                                r = 0;
                                if (k != nn - 1)
                                {
                                    r = a[k + 2, k - 1];
                                }
                                if ((x = Math.Abs(p) + Math.Abs(q) + Math.Abs(r)) != 0)
                                {
                                    p /= x;
                                    q /= x;
                                    r /= x;
                                }
                            }
                            double root = Math.Sqrt(p * p + q * q + r * r);
                            if ((s = p >= 0 ? root : -root) != 0)
                            {
                                if (k == m)
                                {
                                    if (l != m)
                                    {
                                        a[k, k - 1] = -a[k, k - 1];
                                    }
                                }
                                else
                                {
                                    a[k, k - 1] = -s * x;
                                }
                                p += s;
                                x = p / s;
                                y = q / s;
                                z = r / s;
                                q /= p;
                                r /= p;
                                for (int j = k; j <= nn; j++)
                                {
                                    p = a[k, j] + q * a[k + 1, j];
                                    if (k != nn - 1)
                                    {
                                        p += r * a[k + 2, j];
                                        a[k + 2, j] -= p * z;
                                    }
                                    a[k + 1, j] -= p * y;
                                    a[k, j] -= p * x;
                                }
                                int last = nn < k + 3 ? nn : k + 3;
                                for (int i = l; i <= last; i++)
                                {
                                    p = x * a[i, k] + y * a[i, k + 1];
                                    if (k != nn - 1)
                                    {
                                        p += z * a[i, k + 2];
                                        a[i, k + 2] -= p * r;
                                    }
                                    a[i, k + 1] -= p * q;
                                    a[i, k] -= p;
                                }
                            }
                        }
                    }
                }
            }
            while (l < nn - 1);
        }
        var result = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = new Complex(wr[i + 1], wi[i + 1]);
        }
        return result;
    }
}
