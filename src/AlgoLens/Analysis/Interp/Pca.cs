using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>Principal component analysis of activations, mean-centred, in double.</summary>
public static class Pca
{
    /// <summary>
    /// Fits a PCA to points [n, d], keeping <paramref name="components"/> (all min(n, d) when null).
    /// Up to 4d points it takes the SVD of the centred data; beyond, the eigenvectors of the d×d
    /// covariance, which is far cheaper and loses only directions of relative variance below ~1e-16.
    /// </summary>
    public static PcaResult Fit(double[,] points, int? components = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.GetLength(0), d = points.GetLength(1);
        if (n < 2 || d < 1)
        {
            throw new ArgumentException($"PCA needs at least 2 points of at least 1 feature; got [{n}, {d}].");
        }
        int k = components ?? Math.Min(n, d);
        if (k < 1 || k > Math.Min(n, d))
        {
            throw new ArgumentOutOfRangeException(nameof(components), $"{components} components asked of [{n}, {d}] points; keep between 1 and {Math.Min(n, d)}.");
        }
        var mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++)
            {
                mean[i] += points[r, i];
            }
        }
        for (int i = 0; i < d; i++)
        {
            mean[i] /= n;
        }

        double[] variances;     // all min(n, d) of them, descending
        double[,] directions;   // [d, min(n, d)], one direction per column
        if (n <= 4 * d)
        {
            var centred = new double[n, d];
            for (int r = 0; r < n; r++)
            {
                for (int i = 0; i < d; i++)
                {
                    centred[r, i] = points[r, i] - mean[i];
                }
            }
            var svd = Svd.Decompose(centred);
            variances = svd.S.Select(s => s * s / (n - 1)).ToArray();
            directions = svd.V;
        }
        else
        {
            // The covariance is symmetric positive semi-definite: its SVD is its eigendecomposition.
            var svd = Svd.Decompose(Covariance(points, mean));
            variances = svd.S;
            directions = svd.V;
        }

        double total = variances.Sum();
        var kept = new double[k, d];
        for (int c = 0; c < k; c++)
        {
            int largest = 0;
            for (int i = 1; i < d; i++)
            {
                largest = Math.Abs(directions[i, c]) > Math.Abs(directions[largest, c]) ? i : largest;
            }
            double sign = directions[largest, c] < 0 ? -1 : 1;
            for (int i = 0; i < d; i++)
            {
                kept[c, i] = sign * directions[i, c];
            }
        }
        var variance = variances.Take(k).ToArray();
        return new PcaResult(mean, kept, variance, variance.Select(v => total > 0 ? v / total : 0).ToArray());
    }

    /// <summary>Fits a PCA to activations [..., d] (e.g. a cached [batch, pos, d_model]), every leading index a point.</summary>
    public static PcaResult Fit(Tensor activations, int? components = null)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Rank < 2)
        {
            throw new ArgumentException($"PCA needs points [..., d]; got shape {activations.ShapeString}.");
        }
        int d = activations.Shape[^1], n = activations.Size / d;
        var points = new double[n, d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++)
            {
                points[r, i] = activations.Data[r * d + i];
            }
        }
        return Fit(points, components);
    }

    private static double[,] Covariance(double[,] points, double[] mean)
    {
        int n = points.GetLength(0), d = points.GetLength(1);
        var covariance = new double[d, d];
        var row = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++)
            {
                row[i] = points[r, i] - mean[i];
            }
            for (int i = 0; i < d; i++)
            {
                double x = row[i];
                for (int j = i; j < d; j++)
                {
                    covariance[i, j] += x * row[j];
                }
            }
        }
        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                covariance[i, j] /= n - 1;
                covariance[j, i] = covariance[i, j];
            }
        }
        return covariance;
    }
}
