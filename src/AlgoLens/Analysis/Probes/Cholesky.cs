namespace AlgoLens.Analysis.Probes;

/// <summary>Solves a symmetric positive-definite system in double, for the ridge probe's normal equations.</summary>
internal static class Cholesky
{
    /// <summary>
    /// x with A x = b, A [size, size] symmetric positive definite (only its lower triangle is read;
    /// it is not modified). Throws when A is not positive definite, which with ridge decay &gt; 0
    /// means non-finite features.
    /// </summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        int size = b.Length;
        var l = new double[size, size];
        for (int j = 0; j < size; j++)
        {
            double diag = a[j, j];
            for (int k = 0; k < j; k++)
            {
                diag -= l[j, k] * l[j, k];
            }
            if (!(diag > 0))
            {
                throw new ArgumentException("The probe's normal equations are not positive definite: the features are degenerate or not finite. Use a weight decay > 0 and finite features.");
            }
            l[j, j] = Math.Sqrt(diag);
            for (int i = j + 1; i < size; i++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }
                l[i, j] = s / l[j, j];
            }
        }
        var x = (double[])b.Clone();
        for (int i = 0; i < size; i++) // L y = b
        {
            for (int k = 0; k < i; k++)
            {
                x[i] -= l[i, k] * x[k];
            }
            x[i] /= l[i, i];
        }
        for (int i = size - 1; i >= 0; i--) // Lᵀ x = y
        {
            for (int k = i + 1; k < size; k++)
            {
                x[i] -= l[k, i] * x[k];
            }
            x[i] /= l[i, i];
        }
        return x;
    }
}
