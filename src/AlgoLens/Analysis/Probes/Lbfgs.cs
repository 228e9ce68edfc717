namespace AlgoLens.Analysis.Probes;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search, for the logistic probe's smooth
/// convex objective. Deterministic: a fixed history, iteration cap and tolerance.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Pairs of (step, gradient change) kept for the inverse-Hessian estimate.</summary>
    public const int History = 10;

    /// <summary>Stop after this many iterations even if not converged.</summary>
    public const int MaxIterations = 1000;

    /// <summary>Stop once the gradient's largest entry is below this.</summary>
    public const double Tolerance = 1e-7;

    /// <summary>The minimiser of <paramref name="objective"/> (value, gradient) from <paramref name="start"/>.</summary>
    public static double[] Minimize(Func<double[], (double Value, double[] Gradient)> objective, double[] start)
    {
        int m = start.Length;
        var x = (double[])start.Clone();
        var (f, g) = objective(x);
        var steps = new List<double[]>();
        var changes = new List<double[]>();
        for (int iteration = 0; iteration < MaxIterations && g.Max(Math.Abs) > Tolerance; iteration++)
        {
            var direction = Direction(g, steps, changes);
            double slope = Dot(direction, g);
            if (slope >= 0) // not a descent direction (numerical trouble): restart from steepest descent
            {
                steps.Clear();
                changes.Clear();
                direction = g.Select(v => -v).ToArray();
                slope = Dot(direction, g);
            }
            // The first step has no curvature estimate: scale it to a unit move.
            double alpha = steps.Count == 0 ? 1 / Math.Sqrt(Dot(g, g)) : 1;
            double[] xNew;
            double fNew;
            double[] gNew;
            while (true)
            {
                xNew = new double[m];
                for (int i = 0; i < m; i++)
                {
                    xNew[i] = x[i] + alpha * direction[i];
                }
                (fNew, gNew) = objective(xNew);
                if (fNew <= f + 1e-4 * alpha * slope || alpha < 1e-20)
                {
                    break;
                }
                alpha /= 2;
            }
            var s = new double[m];
            var y = new double[m];
            for (int i = 0; i < m; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            bool stalled = fNew >= f && alpha < 1e-20;
            x = xNew;
            f = fNew;
            g = gNew;
            if (stalled)
            {
                break; // at machine precision: no step lowers the objective
            }
            if (Dot(s, y) > 1e-12 * Math.Sqrt(Dot(s, s) * Dot(y, y))) // keep only curvature that is positive
            {
                steps.Add(s);
                changes.Add(y);
                if (steps.Count > History)
                {
                    steps.RemoveAt(0);
                    changes.RemoveAt(0);
                }
            }
        }
        return x;
    }

    // The two-loop recursion: −H·g with H the L-BFGS inverse-Hessian estimate.
    private static double[] Direction(double[] g, List<double[]> steps, List<double[]> changes)
    {
        var q = (double[])g.Clone();
        int count = steps.Count;
        var a = new double[count];
        for (int j = count - 1; j >= 0; j--)
        {
            a[j] = Dot(steps[j], q) / Dot(changes[j], steps[j]);
            Axpy(-a[j], changes[j], q);
        }
        if (count > 0)
        {
            double gamma = Dot(steps[^1], changes[^1]) / Dot(changes[^1], changes[^1]);
            for (int i = 0; i < q.Length; i++)
            {
                q[i] *= gamma;
            }
        }
        for (int j = 0; j < count; j++)
        {
            double beta = Dot(changes[j], q) / Dot(changes[j], steps[j]);
            Axpy(a[j] - beta, steps[j], q);
        }
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = -q[i];
        }
        return q;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void Axpy(double scale, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += scale * x[i];
        }
    }
}
