using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// Dead-feature resampling as in Bricken et al. 2023 ("Towards Monosemanticity", appendix on neuron
/// resampling): measure the reconstruction loss on a random sample of rows; give each row the
/// probability ∝ its loss squared; draw one row per dead feature (without replacement, so two
/// revived features never share a target); the feature's atom becomes that row, centred
/// (x − b_dec), at unit norm; its encoder column the same direction with norm
/// <c>encoderScale</c> × the alive features' mean encoder norm; its encoder bias 0; and Adam's
/// moments of those weights are reset.
/// </summary>
internal static class SaeResampler
{
    /// <summary>Resamples <paramref name="dead"/>; returns how many were resampled.</summary>
    public static int Resample(SaeParameters p, SaeAdam adam, SaeData data, IReadOnlyList<int> dead,
        int sampleSize, double encoderScale, int batch, Rng rng)
    {
        if (dead.Count == 0)
        {
            return 0;
        }
        int d = p.D, k = p.K;
        var sample = rng.Permutation(data.N);
        Array.Resize(ref sample, Math.Min(sampleSize, data.N));
        var errors = SaeEvaluation.Run(p, data, sample, batch).RowErrors;
        var targets = DrawByLossSquared(errors, Math.Min(dead.Count, sample.Length), rng);

        var isDead = new bool[k];
        foreach (int i in dead)
        {
            isDead[i] = true;
        }
        double aliveNorms = 0;
        int alive = 0;
        for (int i = 0; i < k; i++)
        {
            if (!isDead[i])
            {
                aliveNorms += EncoderNorm(p, i);
                alive++;
            }
        }
        double encoderNorm = encoderScale * (alive > 0 ? aliveNorms / alive : 1.0);

        var row = new float[d];
        var centred = new float[d];
        for (int t = 0; t < dead.Count; t++)
        {
            int feature = dead[t];
            // More dead features than sampled rows: the rest reuse targets in turn.
            data.Gather([sample[targets[t % targets.Length]]], row);
            SaeForward.Centre(p, row, centred, 1);
            double norm = 0;
            foreach (float v in centred)
            {
                norm += (double)v * v;
            }
            norm = Math.Sqrt(norm);
            if (!(norm > 0))
            {
                rng.FillNormal(centred, 0f, 1f);
                norm = Math.Sqrt(centred.Sum(v => (double)v * v));
            }
            for (int j = 0; j < d; j++)
            {
                double unit = centred[j] / norm;
                p.WDec[feature * d + j] = (float)unit;
                p.WEnc[feature * d + j] = (float)(unit * encoderNorm);
            }
            p.BEnc[feature] = 0f;
            adam.ResetFeature(p, feature);
        }
        return dead.Count;
    }

    private static double EncoderNorm(SaeParameters p, int feature)
    {
        double sum = 0;
        for (int j = 0; j < p.D; j++)
        {
            double w = p.WEnc[feature * p.D + j];
            sum += w * w;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// <paramref name="count"/> distinct indices drawn with probability ∝ error², without replacement
    /// (Efraimidis and Spirakis 2006: the largest keys log(u)/w); uniform when every error is 0.
    /// </summary>
    private static int[] DrawByLossSquared(double[] errors, int count, Rng rng)
    {
        bool allZero = errors.All(e => !(e > 0));
        var keys = new double[errors.Length];
        for (int i = 0; i < errors.Length; i++)
        {
            double weight = allZero ? 1 : errors[i] * errors[i];
            double u = Math.Max(rng.NextDouble(), double.Epsilon);
            keys[i] = weight > 0 ? Math.Log(u) / weight : double.NegativeInfinity;
        }
        var order = Enumerable.Range(0, errors.Length).ToArray();
        Array.Sort(order, (a, b) => keys[b] != keys[a] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        return order[..count];
    }
}
