namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The activations [N, D] as given, read through one scale factor (so that the centred rows' mean
/// squared norm is D): training never copies the whole matrix, only gathers scaled batches.
/// </summary>
internal sealed class SaeData
{
    public SaeData(float[] rows, int n, int d, float scale)
    {
        Rows = rows;
        N = n;
        D = d;
        Scale = scale;
    }

    public float[] Rows { get; }

    public int N { get; }

    public int D { get; }

    /// <summary>What the rows are multiplied by before training.</summary>
    public float Scale { get; }

    /// <summary>Writes rows indices[start .. start+count), scaled, into <paramref name="destination"/>.</summary>
    public void Gather(ReadOnlySpan<int> indices, float[] destination)
    {
        for (int r = 0; r < indices.Length; r++)
        {
            var src = Rows.AsSpan(indices[r] * D, D);
            var dst = destination.AsSpan(r * D, D);
            for (int j = 0; j < D; j++)
            {
                dst[j] = src[j] * Scale;
            }
        }
    }

    /// <summary>
    /// The factor s with mean_r ‖s·(x_r − mean)‖² = D, and the mean: per-dimension variance then
    /// averages 1. Constant rows give s = 1.
    /// </summary>
    public static (float Scale, double[] Mean, double CentredSquares) Measure(float[] rows, int n, int d)
    {
        var mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] += rows[r * d + j];
            }
        }
        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }
        double squares = 0;
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                double v = rows[r * d + j] - mean[j];
                squares += v * v;
            }
        }
        double meanSquaredNorm = squares / n;
        float scale = meanSquaredNorm > 0 ? (float)Math.Sqrt(d / meanSquaredNorm) : 1f;
        return (scale, mean, squares);
    }
}
