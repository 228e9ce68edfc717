namespace AlgoLens.Tasks.InContext;

/// <summary>
/// Ridge regression, argmin_w ‖y − Xw‖² + λ‖w‖², in double, for the small d of in-context
/// regression; at λ = 0 it is least squares, the minimum-norm interpolant while n ≤ d. With n
/// examples it solves the smaller of two equal forms: n > d the primal (XᵀX + λI) w = Xᵀy; n ≤ d
/// the dual w = Xᵀ(XXᵀ + λI)⁻¹y, which at λ = 0 is the minimum-norm solution Xᵀ(XXᵀ)⁻¹y (the two
/// agree for λ &gt; 0 by the push-through identity). Under the prior w ~ N(0, I) and noise
/// N(0, σ²) the posterior mean of w is ridge with λ = σ² (Bayes-optimal for squared error).
/// </summary>
public static class RidgeRegression
{
    /// <summary>The weights fitted to x [n, d] row-major and y [n]; zeros when n = 0.</summary>
    /// <exception cref="ArgumentException">The sizes do not fit, or λ is negative.</exception>
    /// <exception cref="InvalidOperationException">λ = 0 and the examples are degenerate (a singular Gram matrix).</exception>
    public static double[] Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int dimension, double lambda)
    {
        int n = y.Length, d = dimension;
        if (d < 1 || x.Length != n * d)
        {
            throw new ArgumentException($"Ridge regression in dimension {dimension} needs {n * d} x values for {n} examples; got {x.Length}.");
        }
        if (!(lambda >= 0) || !double.IsFinite(lambda))
        {
            throw new ArgumentException($"The ridge penalty must be finite and non-negative; got {lambda}.");
        }
        var w = new double[d];
        if (n == 0)
        {
            return w;
        }
        if (n > d)
        {
            var gram = new double[d * d]; // XᵀX + λI
            var rhs = new double[d];       // Xᵀy
            for (int i = 0; i < n; i++)
            {
                var row = x.Slice(i * d, d);
                for (int a = 0; a < d; a++)
                {
                    rhs[a] += row[a] * y[i];
                    for (int b = 0; b <= a; b++)
                    {
                        gram[a * d + b] += row[a] * row[b];
                    }
                }
            }
            AddToDiagonal(gram, d, lambda);
            CholeskySolve(gram, d, rhs);
            return rhs;
        }
        var kernel = new double[n * n]; // XXᵀ + λI
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++)
                {
                    dot += x[a * d + j] * x[b * d + j];
                }
                kernel[a * n + b] = dot;
            }
        }
        AddToDiagonal(kernel, n, lambda);
        var alpha = y.ToArray();
        CholeskySolve(kernel, n, alpha);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                w[j] += x[i * d + j] * alpha[i];
            }
        }
        return w;
    }

    private static void AddToDiagonal(double[] matrix, int size, double value)
    {
        for (int i = 0; i < size; i++)
        {
            matrix[i * size + i] += value;
        }
    }

    /// <summary>
    /// Solves A z = b in place (b becomes z) for symmetric positive definite A, of which only the
    /// lower triangle is read; A is overwritten by its Cholesky factor L (A = LLᵀ).
    /// </summary>
    private static void CholeskySolve(double[] a, int size, double[] b)
    {
        for (int j = 0; j < size; j++)
        {
            double pivot = a[j * size + j];
            for (int k = 0; k < j; k++)
            {
                pivot -= a[j * size + k] * a[j * size + k];
            }
            if (!(pivot > 0))
            {
                throw new InvalidOperationException("The examples' Gram matrix is singular (degenerate examples); least squares without a ridge penalty is not unique.");
            }
            double diagonal = Math.Sqrt(pivot);
            a[j * size + j] = diagonal;
            for (int i = j + 1; i < size; i++)
            {
                double sum = a[i * size + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= a[i * size + k] * a[j * size + k];
                }
                a[i * size + j] = sum / diagonal;
            }
        }
        for (int i = 0; i < size; i++) // L z' = b
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
            {
                sum -= a[i * size + k] * b[k];
            }
            b[i] = sum / a[i * size + i];
        }
        for (int i = size - 1; i >= 0; i--) // Lᵀ z = z'
        {
            double sum = b[i];
            for (int k = i + 1; k < size; k++)
            {
                sum -= a[k * size + i] * b[k];
            }
            b[i] = sum / a[i * size + i];
        }
    }
}
