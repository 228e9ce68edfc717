using AlgoLens.Tensors.Kernels;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// One Adam step of the autoencoder on a batch, with a hand-written backward (five GEMMs: encode,
/// decode, ∂W_dec = fᵀg, ∂f = g·W_decᵀ, ∂W_enc = ∂preᵀ(x − b_dec); or, when the codes are sparse,
/// the encode's GEMM and <see cref="SaeSparsePass"/> for the rest), the decoder-norm constraint and
/// the count of rows each feature fired on since <see cref="ResetFiring"/>.
/// </summary>
/// <remarks>
/// Loss per batch of B rows: (1/B)·Σ_rows (‖x − x̂‖² + λ‖f‖₁). With g = ∂L/∂x̂ = (2/B)(x̂ − x):
/// ∂b_dec = Σ_rows g − W_encᵀ·∂b_enc (b_dec is added by the decoder and subtracted before the
/// encoder), ∂pre = (∂f + λ/B) where f &gt; 0, else 0 (the ReLU, and the top-k's unchosen entries,
/// pass no gradient). Column sums and counts are cut into fixed column ranges, so the result does not
/// depend on the thread count.
/// </remarks>
internal sealed class SaeTrainer
{
    /// <summary>The largest share of active codes for which the sparse backward is used. On the
    /// 1,024 × 512 benchmark (bench <c>sae</c>) at 1.6% active codes the whole step takes 1.7× less
    /// CPU than the dense one; where the two cross was not measured: 8% is an estimate, from the
    /// sparse row operations running at a fraction of the GEMM's rate.</summary>
    internal const double SparseFraction = 0.08;

    private const int ColumnGrain = 128;
    private readonly SaeSparsePass sparsePass;
    private readonly SaeParameters p;
    private readonly SaeAdam adam;
    private readonly float l1;
    private readonly bool unitNorm;
    private readonly int capacity;
    private readonly float[] x, xc, f, xhat, df;
    private readonly float[] gWEnc, gBEnc, gWDec, gBDec;
    private readonly float[][] parameters, gradients;

    public SaeTrainer(SaeParameters p, int batch, double learningRate, double l1, bool unitNorm)
    {
        this.p = p;
        capacity = batch;
        this.l1 = (float)l1;
        this.unitNorm = unitNorm;
        adam = new SaeAdam(p, learningRate);
        x = new float[batch * p.D];
        xc = new float[batch * p.D];
        xhat = new float[batch * p.D];
        f = new float[batch * p.K];
        df = new float[batch * p.K];
        gWEnc = new float[p.D * p.K];
        gBEnc = new float[p.K];
        gWDec = new float[p.K * p.D];
        gBDec = new float[p.D];
        parameters = [p.WEnc, p.BEnc, p.WDec, p.BDec];
        gradients = [gWEnc, gBEnc, gWDec, gBDec];
        Fired = new long[p.K];
        sparsePass = new SaeSparsePass(p.D, p.K, batch);
    }

    /// <summary>Rows each feature fired on since the last <see cref="ResetFiring"/>.</summary>
    public long[] Fired { get; }

    /// <summary>The optimiser, whose moments resampling resets.</summary>
    public SaeAdam Adam => adam;

    public void ResetFiring() => Array.Clear(Fired);

    /// <summary>The four gradients of the last <see cref="ComputeGradients"/>: W_enc, b_enc, W_dec, b_dec.</summary>
    public float[][] Gradients => gradients;

    /// <summary>The share of active codes up to which the sparse backward runs (the benchmark sets −1 to time the dense one).</summary>
    public double SparseThreshold { get; set; } = SparseFraction;

    /// <summary>Whether the last batch ran the sparse backward.</summary>
    public bool LastWasSparse { get; private set; }

    /// <summary>One step on rows <paramref name="indices"/> of <paramref name="data"/>; returns the batch's mean squared error ‖x − x̂‖² per row.</summary>
    public double Step(SaeData data, ReadOnlySpan<int> indices)
    {
        double squares = ComputeGradients(data, indices);
        if (unitNorm)
        {
            RemoveParallelComponent();
        }
        adam.Step(parameters, gradients);
        if (unitNorm)
        {
            p.NormaliseDecoderRows();
        }
        return squares / indices.Length;
    }

    /// <summary>
    /// Forward and backward on a batch: fills <see cref="Gradients"/>, counts firing, returns Σ‖x − x̂‖².
    /// The sparse backward runs when at most <see cref="SparseThreshold"/> of the codes are active
    /// (or as <paramref name="sparse"/> forces); both compute the same gradients up to rounding.
    /// </summary>
    public double ComputeGradients(SaeData data, ReadOnlySpan<int> indices, bool? sparse = null)
    {
        int rows = indices.Length;
        if (rows == 0 || rows > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(indices), $"A step takes 1 to {capacity} rows.");
        }
        int d = p.D, k = p.K;
        data.Gather(indices, x);
        SaeForward.Centre(p, x, xc, rows);
        SaeForward.Encode(p, xc, f, rows);
        int nnz = sparsePass.Gather(f, rows);
        bool useSparse = sparse ?? nnz <= SparseThreshold * rows * k;
        LastWasSparse = useSparse;
        float penalty = p.TopK is null ? l1 / rows : 0f;
        double squares;
        if (useSparse)
        {
            sparsePass.Decode(p, xhat, rows);
            squares = OutputGradient(rows);
            sparsePass.Backward(p, xhat, xc, rows, penalty, gWDec, gWEnc, gBEnc, Fired);
        }
        else
        {
            SaeForward.Decode(p, f, xhat, rows);
            squares = OutputGradient(rows);
            // ∂W_dec = fᵀ·g [K, D]; ∂f = g·W_decᵀ [B, K].
            Gemm.Multiply(true, false, k, d, rows, f, k, xhat, d, gWDec, d, accumulate: false);
            Gemm.Multiply(false, true, rows, k, d, xhat, d, p.WDec, d, df, k, accumulate: false);
            PreActivationGradient(rows, penalty);
            // ∂W_enc = ∂preᵀ·(x − b_dec) [K, D].
            Gemm.Multiply(true, false, k, d, rows, df, k, xc, d, gWEnc, d, accumulate: false);
        }
        // b_dec is subtracted before the encoder: ∂b_dec −= W_encᵀ·∂b_enc.
        for (int i = 0; i < k; i++)
        {
            if (gBEnc[i] != 0f)
            {
                TensorPrimitives.MultiplyAdd(p.WEnc.AsSpan(i * d, d), -gBEnc[i], gBDec, gBDec);
            }
        }
        return squares;
    }

    /// <summary>xhat ← g = (2/B)(x̂ − x) in place, ∂b_dec = Σ_rows g; returns Σ‖x̂ − x‖².</summary>
    private double OutputGradient(int rows)
    {
        int d = p.D;
        float factor = 2f / rows;
        int chunks = (d + ColumnGrain - 1) / ColumnGrain;
        var partial = new double[chunks];
        Parallelism.For(chunks, c =>
        {
            int j0 = c * ColumnGrain, j1 = Math.Min(d, j0 + ColumnGrain);
            double squares = 0;
            gBDec.AsSpan(j0, j1 - j0).Clear();
            var bias = gBDec.AsSpan(j0, j1 - j0);
            for (int r = 0; r < rows; r++)
            {
                var hat = xhat.AsSpan(r * d + j0, j1 - j0);
                TensorPrimitives.Subtract(hat, x.AsSpan(r * d + j0, j1 - j0), hat);
                squares += TensorPrimitives.SumOfSquares(hat);
                TensorPrimitives.Multiply(hat, factor, hat);
                TensorPrimitives.Add(bias, hat, bias);
            }
            partial[c] = squares;
        });
        double total = 0;
        foreach (double s in partial)
        {
            total += s;
        }
        return total;
    }

    /// <summary>df ← ∂pre = (∂f + λ/B) where f &gt; 0, else 0; ∂b_enc = Σ_rows ∂pre; counts firing.</summary>
    private void PreActivationGradient(int rows, float penalty)
    {
        int k = p.K;
        int chunks = (k + ColumnGrain - 1) / ColumnGrain;
        Parallelism.For(chunks, c =>
        {
            int i0 = c * ColumnGrain, i1 = Math.Min(k, i0 + ColumnGrain);
            gBEnc.AsSpan(i0, i1 - i0).Clear();
            for (int r = 0; r < rows; r++)
            {
                var codes = f.AsSpan(r * k, k);
                var grad = df.AsSpan(r * k, k);
                for (int i = i0; i < i1; i++)
                {
                    if (codes[i] > 0f)
                    {
                        float g = grad[i] + penalty;
                        grad[i] = g;
                        gBEnc[i] += g;
                        Fired[i]++;
                    }
                    else
                    {
                        grad[i] = 0f;
                    }
                }
            }
        });
    }

    /// <summary>The decoder-norm constraint's gradient side: each atom's gradient loses its component along the (unit) atom.</summary>
    private void RemoveParallelComponent()
    {
        int d = p.D;
        Parallelism.ForRanges(p.K, 64, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var w = p.WDec.AsSpan(i * d, d);
                var g = gWDec.AsSpan(i * d, d);
                TensorPrimitives.MultiplyAdd(w, -TensorPrimitives.Dot(w, g), g, g);
            }
        });
    }
}
