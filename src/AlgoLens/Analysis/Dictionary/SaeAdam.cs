using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Optim;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// Adam (no weight decay) over the autoencoder's four parameter arrays, with the engine's AdamW
/// kernel (PyTorch's float32 update order), and per-feature moment resets for resampling.
/// </summary>
internal sealed class SaeAdam
{
    private const int Grain = 1 << 16;
    private readonly double learningRate;
    private readonly float[][] expAvg;
    private readonly float[][] expAvgSq;
    private long step;

    public SaeAdam(SaeParameters p, double learningRate)
    {
        this.learningRate = learningRate;
        float[][] arrays = [p.WEnc, p.BEnc, p.WDec, p.BDec];
        expAvg = arrays.Select(a => new float[a.Length]).ToArray();
        expAvgSq = arrays.Select(a => new float[a.Length]).ToArray();
    }

    /// <summary>One update of the arrays in the order W_enc, b_enc, W_dec, b_dec from their gradients.</summary>
    public void Step(float[][] parameters, float[][] gradients)
    {
        step++;
        var c = AdamWCoefficients.For(step, learningRate, 0.9, 0.999, 1e-8, 0);
        for (int a = 0; a < parameters.Length; a++)
        {
            var values = parameters[a];
            var grad = gradients[a];
            var m = expAvg[a];
            var v = expAvgSq[a];
            Parallelism.ForRanges(values.Length, Grain, (start, end) =>
                AdamWKernel.Update(values.AsSpan(start, end - start), grad.AsSpan(start, end - start),
                    m.AsSpan(start, end - start), v.AsSpan(start, end - start), c));
        }
    }

    /// <summary>Forgets the moments of feature <paramref name="feature"/>'s encoder column, encoder bias and decoder row.</summary>
    public void ResetFeature(SaeParameters p, int feature)
    {
        Array.Clear(expAvg[0], feature * p.D, p.D);
        Array.Clear(expAvgSq[0], feature * p.D, p.D);
        expAvg[1][feature] = 0;
        expAvgSq[1][feature] = 0;
        Array.Clear(expAvg[2], feature * p.D, p.D);
        Array.Clear(expAvgSq[2], feature * p.D, p.D);
    }
}
