namespace AlgoLens.Tasks.InContext;

/// <summary>
/// The Lasso, argmin_w (1/2n)‖y − Xw‖² + α‖w‖₁ (scikit-learn's objective, no intercept, the
/// baseline of Garg et al. 2022 for sparse linear regression), by cyclic coordinate descent:
/// each coordinate in turn is set to its exact minimiser with the others fixed,
/// w_j = S(X_jᵀ r_j / n, α) / (‖X_j‖² / n), where r_j is the residual without coordinate j and
/// S(z, α) = sign(z)·max(|z| − α, 0) is soft thresholding. The objective is convex and each step
/// lowers it, so the sweeps converge to a minimiser (Friedman, Hastie and Tibshirani 2010).
/// </summary>
public static class LassoRegression
{
    /// <summary>Sweeps stop when no coordinate moved by more than this (relative to the largest weight, at least 1).</summary>
    public const double Tolerance = 1e-9;

    /// <summary>The most sweeps over the coordinates before giving up on convergence.</summary>
    public const int MaxSweeps = 100_000;

    /// <summary>The weights fitted to x [n, d] row-major and y [n]; zeros when n = 0.</summary>
    /// <exception cref="ArgumentException">The sizes do not fit, or α is not positive.</exception>
    public static double[] Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int dimension, double alpha)
    {
        int n = y.Length, d = dimension;
        if (d < 1 || x.Length != n * d)
        {
            throw new ArgumentException($"The Lasso in dimension {dimension} needs {n * d} x values for {n} examples; got {x.Length}.");
        }
        if (!(alpha > 0) || !double.IsFinite(alpha))
        {
            throw new ArgumentException($"The Lasso penalty α must be finite and positive (α = 0 is least squares); got {alpha}.");
        }
        var w = new double[d];
        if (n == 0)
        {
            return w;
        }
        var residual = y.ToArray(); // y − Xw, with w = 0
        var columnNorm = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                columnNorm[j] += x[i * d + j] * x[i * d + j];
            }
        }
        double threshold = n * alpha; // S(X_jᵀr_j, nα) / ‖X_j‖² is the same minimiser without the 1/n's
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double largestStep = 0, largestWeight = 0;
            for (int j = 0; j < d; j++)
            {
                if (columnNorm[j] == 0)
                {
                    continue; // a column of zeros: any w_j fits equally, the penalty keeps it at 0
                }
                double correlation = columnNorm[j] * w[j]; // X_jᵀ r_j = X_jᵀ r + ‖X_j‖² w_j
                for (int i = 0; i < n; i++)
                {
                    correlation += x[i * d + j] * residual[i];
                }
                double updated = SoftThreshold(correlation, threshold) / columnNorm[j];
                double step = updated - w[j];
                if (step != 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        residual[i] -= step * x[i * d + j];
                    }
                    w[j] = updated;
                }
                largestStep = Math.Max(largestStep, Math.Abs(step));
                largestWeight = Math.Max(largestWeight, Math.Abs(updated));
            }
            if (largestStep <= Tolerance * Math.Max(largestWeight, 1))
            {
                break;
            }
        }
        return w;
    }

    /// <summary>sign(z)·max(|z| − t, 0).</summary>
    public static double SoftThreshold(double z, double threshold) =>
        z > threshold ? z - threshold : z < -threshold ? z + threshold : 0;
}
