using AlgoLens.Tensors.Kernels;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The decode and the backward of a batch whose codes are sparse (top-k, or an L1 autoencoder once
/// it has learned): of the five products only the encoder's needs every (row, feature) pair; the
/// other four touch only the active ones, so they run as row-by-row vector operations over the
/// active codes (2·nnz·D flops each instead of 2·B·K·D).
/// </summary>
/// <remarks>
/// The active codes are listed by row (CSR) for the decode and ∂f, and by feature (CSC, rows in
/// increasing order) for the weight gradients, so each output is summed in one fixed order by one
/// thread: the result does not depend on the thread count.
/// </remarks>
internal sealed class SaeSparsePass
{
    private const int RowGrain = 16;
    private const int FeatureGrain = 32;
    private readonly int d, k;
    private readonly int[] rowStart;
    private readonly int[] featureStart;
    private readonly int[] cursor;
    private int[] column = [];
    private float[] value = [];
    private float[] grad = [];
    private int[] byFeature = [];
    private int[] rowOf = [];

    public SaeSparsePass(int d, int k, int batch)
    {
        this.d = d;
        this.k = k;
        rowStart = new int[batch + 1];
        featureStart = new int[k + 1];
        cursor = new int[k];
    }

    /// <summary>Lists the positive codes of f [rows, K] by row; returns how many there are.</summary>
    public int Gather(float[] f, int rows)
    {
        rowStart[0] = 0;
        for (int r = 0; r < rows; r++)
        {
            int count = 0;
            foreach (float v in f.AsSpan(r * k, k))
            {
                count += v > 0f ? 1 : 0;
            }
            rowStart[r + 1] = rowStart[r] + count;
        }
        int nnz = rowStart[rows];
        if (column.Length < nnz)
        {
            int size = Math.Max(nnz, column.Length * 2);
            column = new int[size];
            value = new float[size];
            grad = new float[size];
            byFeature = new int[size];
            rowOf = new int[size];
        }
        Parallelism.ForRanges(rows, RowGrain, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int at = rowStart[r];
                var codes = f.AsSpan(r * k, k);
                for (int i = 0; i < k; i++)
                {
                    if (codes[i] > 0f)
                    {
                        column[at] = i;
                        value[at] = codes[i];
                        rowOf[at] = r;
                        at++;
                    }
                }
            }
        });
        return nnz;
    }

    /// <summary>x̂ = b_dec + Σ over the row's active codes of f·W_dec[i].</summary>
    public void Decode(SaeParameters p, float[] xhat, int rows)
    {
        Parallelism.ForRanges(rows, RowGrain, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var output = xhat.AsSpan(r * d, d);
                p.BDec.CopyTo(output);
                for (int at = rowStart[r]; at < rowStart[r + 1]; at++)
                {
                    TensorPrimitives.MultiplyAdd(p.WDec.AsSpan(column[at] * d, d), value[at], output, output);
                }
            }
        });
    }

    /// <summary>
    /// From g = ∂L/∂x̂ [rows, D] and xc = x − b_dec: ∂pre at each active code (g·W_dec[i] +
    /// <paramref name="penalty"/>), then ∂W_dec, ∂W_enc and ∂b_enc, and the firing counts.
    /// </summary>
    public void Backward(SaeParameters p, float[] g, float[] xc, int rows, float penalty,
        float[] gWDec, float[] gWEnc, float[] gBEnc, long[] fired)
    {
        Parallelism.ForRanges(rows, RowGrain, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var gr = g.AsSpan(r * d, d);
                for (int at = rowStart[r]; at < rowStart[r + 1]; at++)
                {
                    grad[at] = TensorPrimitives.Dot(gr, p.WDec.AsSpan(column[at] * d, d)) + penalty;
                }
            }
        });

        // The same entries by feature, rows in increasing order (a counting sort).
        int nnz = rowStart[rows];
        Array.Clear(featureStart);
        for (int at = 0; at < nnz; at++)
        {
            featureStart[column[at] + 1]++;
        }
        for (int i = 0; i < k; i++)
        {
            featureStart[i + 1] += featureStart[i];
        }
        featureStart.AsSpan(0, k).CopyTo(cursor);
        for (int at = 0; at < nnz; at++)
        {
            byFeature[cursor[column[at]]++] = at;
        }

        Parallelism.ForRanges(k, FeatureGrain, (i0, i1) =>
        {
            for (int i = i0; i < i1; i++)
            {
                var dec = gWDec.AsSpan(i * d, d);
                var enc = gWEnc.AsSpan(i * d, d);
                dec.Clear();
                enc.Clear();
                float bias = 0f;
                for (int e = featureStart[i]; e < featureStart[i + 1]; e++)
                {
                    int at = byFeature[e];
                    int r = rowOf[at];
                    TensorPrimitives.MultiplyAdd(g.AsSpan(r * d, d), value[at], dec, dec);
                    TensorPrimitives.MultiplyAdd(xc.AsSpan(r * d, d), grad[at], enc, enc);
                    bias += grad[at];
                }
                gBEnc[i] = bias;
                fired[i] += featureStart[i + 1] - featureStart[i];
            }
        });
    }
}
