using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// A forward pass without gradients over chosen rows: each row's squared reconstruction error (in
/// the scaled units), how many rows each feature fires on, and the total number of active codes.
/// </summary>
internal sealed class SaeEvaluation
{
    private SaeEvaluation(double[] rowErrors, long[] fired, long activeCodes)
    {
        RowErrors = rowErrors;
        Fired = fired;
        ActiveCodes = activeCodes;
    }

    /// <summary>‖x − x̂‖² per evaluated row, in the order given.</summary>
    public double[] RowErrors { get; }

    /// <summary>Rows on which each feature's code is positive.</summary>
    public long[] Fired { get; }

    /// <summary>Positive codes over all rows (L0 summed).</summary>
    public long ActiveCodes { get; }

    public static SaeEvaluation Run(SaeParameters p, SaeData data, int[] indices, int batch)
    {
        int d = p.D, k = p.K;
        batch = Math.Max(1, Math.Min(batch, indices.Length));
        var x = new float[batch * d];
        var xc = new float[batch * d];
        var f = new float[batch * k];
        var xhat = new float[batch * d];
        var rowErrors = new double[indices.Length];
        var fired = new long[k];
        long active = 0;
        for (int start = 0; start < indices.Length; start += batch)
        {
            int rows = Math.Min(batch, indices.Length - start);
            data.Gather(indices.AsSpan(start, rows), x);
            SaeForward.Centre(p, x, xc, rows);
            SaeForward.Encode(p, xc, f, rows);
            SaeForward.Decode(p, f, xhat, rows);
            Parallelism.ForRanges(rows, 64, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    double sum = 0;
                    for (int j = 0; j < d; j++)
                    {
                        double e = xhat[r * d + j] - x[r * d + j];
                        sum += e * e;
                    }
                    rowErrors[start + r] = sum;
                }
            });
            for (int r = 0; r < rows; r++)
            {
                var codes = f.AsSpan(r * k, k);
                for (int i = 0; i < k; i++)
                {
                    if (codes[i] > 0f)
                    {
                        fired[i]++;
                        active++;
                    }
                }
            }
        }
        return new SaeEvaluation(rowErrors, fired, active);
    }
}
