using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Probes;

/// <summary>Gaussian features with planted linear targets, seeded.</summary>
internal static class PlantedData
{
    public static double[,] Gaussian(int n, int d, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[n, d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++)
            {
                x[r, i] = rng.Normal();
            }
        }
        return x;
    }

    /// <summary>Labels = argmax of x·M for a random M [d, classes].</summary>
    public static int[] ArgmaxLabels(double[,] x, int classes, ulong seed)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var m = Gaussian(d, classes, seed);
        var labels = new int[n];
        for (int r = 0; r < n; r++)
        {
            double best = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double z = 0;
                for (int i = 0; i < d; i++)
                {
                    z += x[r, i] * m[i, c];
                }
                if (z > best)
                {
                    best = z;
                    labels[r] = c;
                }
            }
        }
        return labels;
    }
}
