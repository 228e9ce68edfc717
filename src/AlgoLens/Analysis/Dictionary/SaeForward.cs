using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The autoencoder's forward pieces on a batch of rows, as float32 GEMMs of the engine with the
/// bias (and ReLU) fused into the product's epilogue.
/// </summary>
internal static unsafe class SaeForward
{
    /// <summary>xc = x − b_dec, rows [0, rows).</summary>
    public static void Centre(SaeParameters p, ReadOnlySpan<float> x, Span<float> xc, int rows)
    {
        int d = p.D;
        var bias = p.BDec;
        for (int r = 0; r < rows; r++)
        {
            var src = x.Slice(r * d, d);
            var dst = xc.Slice(r * d, d);
            for (int j = 0; j < d; j++)
            {
                dst[j] = src[j] - bias[j];
            }
        }
    }

    /// <summary>f = act(xc·W_enc + b_enc), [rows, K]: ReLU, or the top-k of each row then ReLU.</summary>
    public static void Encode(SaeParameters p, float[] xc, float[] f, int rows)
    {
        fixed (float* bias = p.BEnc)
        {
            Gemm.MultiplyWithEpilogue(false, true, rows, p.K, p.D, xc, p.D, p.WEnc, p.D, f, p.K, accumulate: false,
                GemmEpilogue.BiasActivation(bias, relu: p.TopK is null));
        }
        if (p.TopK is { } k)
        {
            int width = p.K;
            Parallelism.ForRanges(rows, 64, (start, end) =>
            {
                var scratch = new float[width];
                for (int r = start; r < end; r++)
                {
                    TopKRows.KeepLargest(f.AsSpan(r * width, width), k, scratch);
                }
            });
        }
    }

    /// <summary>x̂ = f·W_dec + b_dec, [rows, D].</summary>
    public static void Decode(SaeParameters p, float[] f, float[] xhat, int rows)
    {
        fixed (float* bias = p.BDec)
        {
            Gemm.MultiplyWithEpilogue(false, false, rows, p.D, p.K, f, p.K, p.WDec, p.D, xhat, p.D, accumulate: false,
                GemmEpilogue.BiasActivation(bias, relu: false));
        }
    }
}
