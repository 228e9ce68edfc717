namespace AlgoLens.Analysis.Dictionary;

/// <summary>The fitted encoder on rows in the original units: codes = f(scale·x) / scale, so that x̂ = offset + codes·atoms.</summary>
internal sealed class SaeEncoder
{
    private readonly SaeParameters p;
    private readonly float scale;
    private readonly int batch;

    public SaeEncoder(SaeParameters p, float scale, int batch)
    {
        this.p = p;
        this.scale = scale;
        this.batch = batch;
    }

    public double[,] Encode(double[,] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int m = rows.GetLength(0), d = p.D, k = p.K;
        if (rows.GetLength(1) != d)
        {
            throw new ArgumentException($"The rows have width {rows.GetLength(1)} but the autoencoder was fitted on width {d}; give rows of the same hook.");
        }
        var codes = new double[m, k];
        int size = Math.Max(1, Math.Min(batch, m));
        var x = new float[size * d];
        var xc = new float[size * d];
        var f = new float[size * k];
        for (int start = 0; start < m; start += size)
        {
            int count = Math.Min(size, m - start);
            for (int r = 0; r < count; r++)
            {
                for (int j = 0; j < d; j++)
                {
                    x[r * d + j] = (float)rows[start + r, j] * scale;
                }
            }
            SaeForward.Centre(p, x, xc, count);
            SaeForward.Encode(p, xc, f, count);
            for (int r = 0; r < count; r++)
            {
                for (int i = 0; i < k; i++)
                {
                    codes[start + r, i] = f[r * k + i] / scale;
                }
            }
        }
        return codes;
    }
}
