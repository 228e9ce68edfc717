namespace AlgoLens.Tensors.Kernels;

/// <summary>Scalar special functions .NET lacks, computed in double for float32 callers.</summary>
public static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>
    /// The error function, accurate to about 1e-15 absolute: its Maclaurin series below |x| = 2.5
    /// (terms stay small enough that cancellation costs under 3 digits), Lentz's continued fraction for
    /// erfc above it (which converges in a few dozen terms there).
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        double ax = Math.Abs(x);
        if (ax < 2.5)
        {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double contribution = term / (2 * n + 1);
                sum += contribution;
                if (Math.Abs(contribution) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }
            return TwoOverSqrtPi * sum;
        }
        if (ax > 6.0)
        {
            return Math.Sign(x);
        }
        double erfc = ErfcContinuedFraction(ax);
        return x > 0 ? 1.0 - erfc : erfc - 1.0;
    }

    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), x > 0,
    // evaluated with the modified Lentz algorithm.
    private static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++)
        {
            double an = n * 0.5;
            d = x + an * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + an / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * f);
    }
}
