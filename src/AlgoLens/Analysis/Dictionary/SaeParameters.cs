using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Random;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The weights of a sparse autoencoder on rows of width D with K features, row-major float32:
/// f = act(W_enc·(x − b_dec) + b_enc), x̂ = b_dec + f·W_dec. W_enc and W_dec are both [K, D]:
/// row i is feature i's encoder direction and its atom, so every per-feature operation (the
/// gradients of sparse codes, resampling, Adam's resets) touches one contiguous row; the encoder's
/// product reads W_enc transposed.
/// </summary>
internal sealed class SaeParameters
{
    public SaeParameters(int d, int k, int? topK)
    {
        D = d;
        K = k;
        TopK = topK;
        WEnc = new float[k * d];
        BEnc = new float[k];
        WDec = new float[k * d];
        BDec = new float[d];
    }

    public int D { get; }

    public int K { get; }

    /// <summary>k of the top-k activation, or null for ReLU.</summary>
    public int? TopK { get; }

    public float[] WEnc { get; }

    public float[] BEnc { get; }

    public float[] WDec { get; }

    public float[] BDec { get; }

    /// <summary>
    /// Random unit atoms (normal directions), the encoder tied to the decoder's transpose and b_enc = 0:
    /// each feature starts reading the direction it writes, so training starts near a reconstruction.
    /// </summary>
    public void Initialise(Rng rng)
    {
        rng.FillNormal(WDec, 0f, 1f);
        NormaliseDecoderRows();
        WDec.CopyTo(WEnc, 0);
        Array.Clear(BEnc);
    }

    /// <summary>Scales every atom (row of W_dec) to unit norm; a zero row is left as it is.</summary>
    public void NormaliseDecoderRows()
    {
        Parallelism.ForRanges(K, 64, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = WDec.AsSpan(i * D, D);
                float sum = TensorPrimitives.SumOfSquares(row);
                if (sum > 0f)
                {
                    TensorPrimitives.Multiply(row, 1f / MathF.Sqrt(sum), row);
                }
            }
        });
    }
}
