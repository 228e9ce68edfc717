using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>The update rule of <see cref="NmfDictionary"/>.</summary>
public enum NmfSolver
{
    /// <summary>Coordinate descent, as scikit-learn's <c>solver="cd"</c> (Cichocki and Phan 2009; Hsieh and Dhillon 2011).</summary>
    CoordinateDescent,

    /// <summary>Lee and Seung's (2001) multiplicative updates for the Frobenius loss, as scikit-learn's <c>solver="mu"</c>.</summary>
    Multiplicative,
}

/// <summary>
/// Non-negative matrix factorisation X ≈ W H with W [n, k] ≥ 0 (the codes) and H [k, d] ≥ 0 (the
/// atoms), minimising ½‖X − WH‖²_F. Only non-negative activations can be factored so: the
/// neurons after a ReLU (<c>blocks.L.mlp.hook_post</c> of a ReLU MLP, the toy model's <c>hook_out</c>).
/// </summary>
/// <remarks>
/// Initialisation as scikit-learn's <c>init="random"</c>: |N(0, 1)| · √(mean(X) / k), seeded. Both
/// solvers stop when the iteration cap is reached or, as scikit-learn's, when the projected
/// gradient (cd) or the relative loss change over 10 iterations (mu) falls below the tolerance.
/// New rows are encoded by the same updates of W alone with H fixed (a non-negative least squares).
/// </remarks>
public sealed class NmfDictionary(NmfSolver solver = NmfSolver.CoordinateDescent, double tolerance = 1e-4) : IDictionaryMethod
{
    /// <summary>Default iteration cap (scikit-learn's max_iter).</summary>
    public const int DefaultIterations = 200;

    // Iterations of the W-only updates that encode rows the dictionary was not fitted on.
    private const int EncodeIterations = 100;

    /// <inheritdoc/>
    public string Name => "nmf";

    /// <summary>The update rule.</summary>
    public NmfSolver Solver { get; } = solver;

    /// <summary>Stopping tolerance.</summary>
    public double Tolerance { get; } = tolerance > 0 ? tolerance : throw new ArgumentOutOfRangeException(nameof(tolerance), $"The tolerance must be positive; got {tolerance}.");

    /// <inheritdoc/>
    public DictionaryResult Fit(Tensor activations, DictionaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var x = DictionaryMath.Rows(activations);
        int n = x.GetLength(0), d = x.GetLength(1), k = options.Components;
        CheckNonNegative(x);
        DictionaryMath.CheckComponents(Name, k, Math.Min(n, d), $"this NMF fits at most min(rows, width) = min({n}, {d}) atoms");
        int maxIterations = options.MaxIterations ?? DefaultIterations;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1, nameof(options));

        var rng = new Rng(options.Seed, stream: 0x4E4D46);
        double total = 0;
        foreach (double v in x)
        {
            total += v;
        }
        double scale = Math.Sqrt(total / ((double)n * d) / k);
        var h = new double[k, d];
        var w = new double[n, k];
        for (int a = 0; a < k; a++)
        {
            for (int j = 0; j < d; j++)
            {
                h[a, j] = scale * Math.Abs(rng.Normal());
            }
        }
        for (int r = 0; r < n; r++)
        {
            for (int a = 0; a < k; a++)
            {
                w[r, a] = scale * Math.Abs(rng.Normal());
            }
        }

        int iterations = 0;
        bool converged = false;
        if (Solver == NmfSolver.CoordinateDescent)
        {
            double first = 0;
            for (iterations = 1; iterations <= maxIterations; iterations++)
            {
                double violation = UpdateW(x, w, h) + UpdateH(x, w, h);
                if (iterations == 1)
                {
                    first = violation;
                }
                if (first == 0 || violation / first <= Tolerance)
                {
                    converged = true;
                    break;
                }
            }
        }
        else
        {
            double previous = Loss(x, w, h);
            for (iterations = 1; iterations <= maxIterations; iterations++)
            {
                MultiplicativeH(x, w, h);
                MultiplicativeW(x, w, h);
                if (iterations % 10 == 0)
                {
                    double loss = Loss(x, w, h);
                    if (previous - loss < Tolerance * previous)
                    {
                        converged = true;
                        break;
                    }
                    previous = loss;
                }
            }
        }
        iterations = Math.Min(iterations, maxIterations);

        var (atoms, scales) = DictionaryMath.UnitAtoms(h);
        var fixedH = h;
        var diagnostics = new Dictionary<string, double>
        {
            ["iterations"] = iterations,
            ["converged"] = converged ? 1 : 0,
            ["relative_error"] = Math.Sqrt(2 * Loss(x, w, h) / Math.Max(SumOfSquares(x), double.Epsilon)),
            ["solver_mu"] = Solver == NmfSolver.Multiplicative ? 1 : 0,
        };
        return new DictionaryResult(Name, atoms, new double[d], rows => DictionaryMath.ScaleColumns(Encode(rows, fixedH, scale), scales), diagnostics);
    }

    /// <summary>Refuses activations with a negative entry, naming the fix.</summary>
    public static void CheckNonNegative(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        for (int r = 0; r < x.GetLength(0); r++)
        {
            for (int j = 0; j < x.GetLength(1); j++)
            {
                if (x[r, j] < 0)
                {
                    throw new ArgumentException($"NMF needs non-negative activations, but row {r}, column {j} is {x[r, j]:G4}. Fit it to a hook after a ReLU (a ReLU MLP's post hook, e.g. blocks.0.mlp.hook_post, or the toy model's hook_out), or choose pca, svd or ica.");
                }
            }
        }
    }

    // Codes of new rows: W ≥ 0 minimising ‖X − WH‖ with H fixed, by the fit's own W updates.
    private double[,] Encode(double[,] rows, double[,] h, double scale)
    {
        CheckNonNegative(rows);
        int n = rows.GetLength(0), k = h.GetLength(0);
        if (rows.GetLength(1) != h.GetLength(1))
        {
            throw new ArgumentException($"The rows have {rows.GetLength(1)} columns but the dictionary was fitted on {h.GetLength(1)}.");
        }
        var w = new double[n, k];
        for (int r = 0; r < n; r++)
        {
            for (int a = 0; a < k; a++)
            {
                w[r, a] = scale;
            }
        }
        double first = 0;
        for (int i = 0; i < EncodeIterations; i++)
        {
            if (Solver == NmfSolver.CoordinateDescent)
            {
                double violation = UpdateW(rows, w, h);
                first = i == 0 ? violation : first;
                if (first == 0 || violation / first <= Tolerance)
                {
                    break;
                }
            }
            else
            {
                MultiplicativeW(rows, w, h);
            }
        }
        return w;
    }

    // One coordinate-descent sweep over W given H (scikit-learn's _update_cdnmf_fast on W); returns
    // the sum of |projected gradient| before the updates, scikit-learn's violation.
    private static double UpdateW(double[,] x, double[,] w, double[,] h)
    {
        var hht = DictionaryMath.Product(h, h, transposeB: true); // [k, k]
        var xht = DictionaryMath.Product(x, h, transposeB: true); // [n, k]
        return Sweep(w, hht, xht);
    }

    // The same sweep over Hᵀ given W: the problem Xᵀ ≈ Hᵀ Wᵀ.
    private static double UpdateH(double[,] x, double[,] w, double[,] h)
    {
        int k = h.GetLength(0), d = h.GetLength(1);
        var wtw = DictionaryMath.Product(w, w, transposeA: true); // [k, k]
        var xtw = DictionaryMath.Product(x, w, transposeA: true); // [d, k]
        var ht = new double[d, k];
        for (int a = 0; a < k; a++)
        {
            for (int j = 0; j < d; j++)
            {
                ht[j, a] = h[a, j];
            }
        }
        double violation = Sweep(ht, wtw, xtw);
        for (int a = 0; a < k; a++)
        {
            for (int j = 0; j < d; j++)
            {
                h[a, j] = ht[j, a];
            }
        }
        return violation;
    }

    // For each component t and row i: gradient g = (W·G)[i, t] − B[i, t], curvature G[t, t];
    // W[i, t] ← max(0, W[i, t] − g / G[t, t]).
    private static double Sweep(double[,] w, double[,] gram, double[,] b)
    {
        int n = w.GetLength(0), k = w.GetLength(1);
        double violation = 0;
        for (int t = 0; t < k; t++)
        {
            double hess = gram[t, t];
            for (int i = 0; i < n; i++)
            {
                double grad = -b[i, t];
                for (int r = 0; r < k; r++)
                {
                    grad += gram[t, r] * w[i, r];
                }
                violation += w[i, t] == 0 ? Math.Abs(Math.Min(0, grad)) : Math.Abs(grad);
                if (hess != 0)
                {
                    w[i, t] = Math.Max(w[i, t] - grad / hess, 0);
                }
            }
        }
        return violation;
    }

    // H ← H ∘ (WᵀX) / (WᵀW H).
    private static void MultiplicativeH(double[,] x, double[,] w, double[,] h)
    {
        var numerator = DictionaryMath.Product(w, x, transposeA: true); // [k, d]
        var denominator = DictionaryMath.Product(DictionaryMath.Product(w, w, transposeA: true), h); // [k, d]
        for (int a = 0; a < h.GetLength(0); a++)
        {
            for (int j = 0; j < h.GetLength(1); j++)
            {
                h[a, j] *= numerator[a, j] / Math.Max(denominator[a, j], 1e-12);
            }
        }
    }

    // W ← W ∘ (XHᵀ) / (W HHᵀ).
    private static void MultiplicativeW(double[,] x, double[,] w, double[,] h)
    {
        var numerator = DictionaryMath.Product(x, h, transposeB: true); // [n, k]
        var denominator = DictionaryMath.Product(w, DictionaryMath.Product(h, h, transposeB: true)); // [n, k]
        for (int i = 0; i < w.GetLength(0); i++)
        {
            for (int a = 0; a < w.GetLength(1); a++)
            {
                w[i, a] *= numerator[i, a] / Math.Max(denominator[i, a], 1e-12);
            }
        }
    }

    // ½‖X − WH‖².
    private static double Loss(double[,] x, double[,] w, double[,] h)
    {
        var wh = DictionaryMath.Product(w, h);
        double sum = 0;
        for (int i = 0; i < x.GetLength(0); i++)
        {
            for (int j = 0; j < x.GetLength(1); j++)
            {
                double e = x[i, j] - wh[i, j];
                sum += e * e;
            }
        }
        return sum / 2;
    }

    private static double SumOfSquares(double[,] x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v * v;
        }
        return sum;
    }
}
