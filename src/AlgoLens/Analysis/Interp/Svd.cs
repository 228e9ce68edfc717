using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Singular value decomposition of small dense matrices by one-sided Jacobi (Hestenes) rotations
/// in double: slower than Golub–Kahan for large matrices but simple, robust, and accurate to high
/// relative precision even for tiny singular values (Demmel and Veselić, 1992). Measured on a
/// 2-core machine under heavy load: 256×256 in about 0.1 s; 512×512 in 1 to 1.5 s with vectors
/// and about 0.6 s for the singular values alone. Larger matrices rotate in parallel.
/// </summary>
public static class Svd
{
    /// <summary>The thin SVD of a matrix.</summary>
    public static SvdResult Decompose(double[,] a)
    {
        var (columns, rightColumns, transposed) = Orthogonalised(a, withVectors: true);
        var svd = Assemble(columns, rightColumns!, columns[0].Length, columns.Length);
        // Aᵀ = V Σ Uᵀ, so the factors of a transposed input swap back.
        return transposed ? new SvdResult(svd.V, svd.S, svd.U) : svd;
    }

    /// <summary>The thin SVD of a 2-D tensor.</summary>
    public static SvdResult Decompose(Tensor matrix) => Decompose(DenseMatrix.FromTensor(matrix));

    /// <summary>Singular values, descending (about twice as fast as <see cref="Decompose(double[,])"/>: no vectors are accumulated).</summary>
    public static double[] SingularValues(double[,] a)
    {
        var (columns, _, _) = Orthogonalised(a, withVectors: false);
        return columns.Select(c => Math.Sqrt(OneSidedJacobi.Dot(c, c))).OrderDescending().ToArray();
    }

    /// <summary>Singular values of a 2-D tensor (e.g. <c>embed.W_E</c>, <c>unembed.W_U</c>), descending.</summary>
    public static double[] SingularValues(Tensor matrix) => SingularValues(DenseMatrix.FromTensor(matrix));

    /// <summary>Singular values of each matrix of a stack [n, rows, cols] (e.g. one row per head of W_Q), [n][k].</summary>
    public static double[][] SingularValuesPerMatrix(Tensor stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (stack.Rank != 3)
        {
            throw new ArgumentException($"Expected a stack of matrices [n, rows, cols]; got shape {stack.ShapeString}.");
        }
        return Enumerable.Range(0, stack.Shape[0]).Select(i => SingularValues(DenseMatrix.FromTensor(stack, i))).ToArray();
    }

    /// <summary>Numerical rank: singular values above <paramref name="relativeTolerance"/> times the largest.</summary>
    public static int Rank(double[] singularValues, double relativeTolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(singularValues);
        double max = singularValues.Length == 0 ? 0 : singularValues.Max();
        return max == 0 ? 0 : singularValues.Count(s => s > relativeTolerance * max);
    }

    /// <summary>
    /// Effective rank (Roy and Vetterli, 2007): exp of the entropy of the singular values normalised
    /// to sum to one. Between 1 (one direction) and the count of equal non-zero values.
    /// </summary>
    public static double EffectiveRank(double[] singularValues)
    {
        ArgumentNullException.ThrowIfNull(singularValues);
        double total = singularValues.Sum();
        if (total <= 0)
        {
            return 0;
        }
        double entropy = 0;
        foreach (double s in singularValues)
        {
            double p = s / total;
            entropy -= p > 0 ? p * Math.Log(p) : 0;
        }
        return Math.Exp(entropy);
    }

    // The columns of A (or of Aᵀ when A is wide: orthogonalising the shorter side keeps the
    // rotations few and short) rotated until mutually orthogonal, with V's columns when asked.
    private static (double[][] Columns, double[][]? RightColumns, bool Transposed) Orthogonalised(double[,] a, bool withVectors)
    {
        ArgumentNullException.ThrowIfNull(a);
        bool transposed = a.GetLength(0) < a.GetLength(1);
        int m = Math.Max(a.GetLength(0), a.GetLength(1)), n = Math.Min(a.GetLength(0), a.GetLength(1));
        if (n == 0)
        {
            throw new ArgumentException($"Cannot decompose an empty [{a.GetLength(0)}, {a.GetLength(1)}] matrix.");
        }
        var columns = new double[n][];
        var rightColumns = withVectors ? new double[n][] : null;
        for (int j = 0; j < n; j++)
        {
            columns[j] = new double[m];
            for (int i = 0; i < m; i++)
            {
                double x = transposed ? a[j, i] : a[i, j];
                columns[j][i] = double.IsFinite(x)
                    ? x
                    : throw new ArgumentException($"The matrix holds {x} at [{(transposed ? j : i)}, {(transposed ? i : j)}]; the SVD needs finite entries.");
            }
            if (rightColumns is not null)
            {
                rightColumns[j] = new double[n];
                rightColumns[j][j] = 1;
            }
        }
        OneSidedJacobi.Orthogonalise(columns, rightColumns, m);
        return (columns, rightColumns, transposed);
    }

    private static SvdResult Assemble(double[][] columns, double[][] rightColumns, int m, int n)
    {
        var values = columns.Select(c => Math.Sqrt(OneSidedJacobi.Dot(c, c))).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(j => values[j]).ThenBy(j => j).ToArray();
        var u = new double[m, n];
        var v = new double[n, n];
        var s = new double[n];
        var leftColumns = new List<double[]>();
        var zeroColumns = new List<int>();
        for (int r = 0; r < n; r++)
        {
            int j = order[r];
            s[r] = values[j];
            for (int i = 0; i < n; i++)
            {
                v[i, r] = rightColumns[j][i];
            }
            if (s[r] > 0)
            {
                var unit = columns[j].Select(x => x / s[r]).ToArray();
                leftColumns.Add(unit);
                SetColumn(u, r, unit);
            }
            else
            {
                zeroColumns.Add(r);
            }
        }
        // A zero singular value leaves its left vector free: complete U to orthonormal columns.
        foreach (int r in zeroColumns)
        {
            var unit = Complement(leftColumns, m);
            leftColumns.Add(unit);
            SetColumn(u, r, unit);
        }
        return new SvdResult(u, s, v);
    }

    // A unit vector orthogonal to the given orthonormal ones: the standard basis vector that keeps
    // the most after Gram–Schmidt (run twice, as one pass loses orthogonality to rounding).
    private static double[] Complement(List<double[]> basis, int m)
    {
        double[]? best = null;
        double bestNorm = -1;
        for (int e = 0; e < m; e++)
        {
            var x = new double[m];
            x[e] = 1;
            for (int pass = 0; pass < 2; pass++)
            {
                foreach (var b in basis)
                {
                    double dot = OneSidedJacobi.Dot(x, b);
                    for (int i = 0; i < m; i++)
                    {
                        x[i] -= dot * b[i];
                    }
                }
            }
            double norm = Math.Sqrt(OneSidedJacobi.Dot(x, x));
            if (norm > bestNorm)
            {
                bestNorm = norm;
                best = x;
            }
            if (norm > 0.5)
            {
                break;
            }
        }
        return best!.Select(x => x / bestNorm).ToArray();
    }

    private static void SetColumn(double[,] matrix, int column, double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            matrix[i, column] = values[i];
        }
    }
}
