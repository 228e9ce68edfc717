namespace AlgoLens.Analysis.Interp;

/// <summary>
/// A thin singular value decomposition A = U · diag(S) · Vᵀ of an m×n matrix, with k = min(m, n):
/// U [m, k] and V [n, k] have orthonormal columns, S [k] is non-negative and descending.
/// </summary>
public sealed class SvdResult
{
    internal SvdResult(double[,] u, double[] s, double[,] v)
    {
        U = u;
        S = s;
        V = v;
    }

    /// <summary>Left singular vectors as columns, [m, k].</summary>
    public double[,] U { get; }

    /// <summary>Singular values, descending, [k].</summary>
    public double[] S { get; }

    /// <summary>Right singular vectors as columns, [n, k].</summary>
    public double[,] V { get; }

    /// <summary>U · diag(S) · Vᵀ, which equals the decomposed matrix up to rounding.</summary>
    public double[,] Reconstruct()
    {
        int m = U.GetLength(0), n = V.GetLength(0), k = S.Length;
        var result = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int r = 0; r < k; r++)
                {
                    sum += U[i, r] * S[r] * V[j, r];
                }
                result[i, j] = sum;
            }
        }
        return result;
    }
}
