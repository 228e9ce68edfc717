using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Dictionary;

/// <summary>Data with planted atoms: mixtures whose sources and directions are known by construction.</summary>
internal static class PlantedDictionaries
{
    /// <summary>X = W H with W [n, k] sparse non-negative codes and H [k, d] non-negative atoms of overlapping supports.</summary>
    public static (Tensor X, double[,] Atoms) NonNegative(int n, int k, int d, ulong seed)
    {
        var rng = new Rng(seed);
        var h = new double[k, d];
        for (int a = 0; a < k; a++)
        {
            for (int j = 0; j < d; j++)
            {
                // Each atom owns a block of columns and spills a little into the rest.
                bool own = j * k / d == a;
                h[a, j] = own ? 0.5 + rng.NextDouble() : rng.NextDouble() < 0.3 ? 0.3 * rng.NextDouble() : 0;
            }
        }
        var w = new double[n, k];
        for (int r = 0; r < n; r++)
        {
            for (int a = 0; a < k; a++)
            {
                w[r, a] = rng.NextDouble() < 0.4 ? rng.NextDouble() * 2 : 0;
            }
        }
        return (ToTensor(Multiply(w, h)), h);
    }

    /// <summary>X = mean + S A with S [n, k] independent non-Gaussian sources (uniform, Laplace, exponential) and A [k, d] random mixing directions.</summary>
    public static (Tensor X, double[,] Mixing) Independent(int n, int k, int d, ulong seed)
    {
        var rng = new Rng(seed);
        var s = new double[n, k];
        for (int r = 0; r < n; r++)
        {
            for (int a = 0; a < k; a++)
            {
                double u = rng.NextDouble();
                s[r, a] = (a % 3) switch
                {
                    0 => Math.Sqrt(3) * (2 * u - 1),                                        // uniform
                    1 => (u < 0.5 ? 1 : -1) * -Math.Log(1 - rng.NextDouble()),              // Laplace
                    _ => -Math.Log(1 - u) - 1,                                               // centred exponential
                };
            }
        }
        var mixing = new double[k, d];
        for (int a = 0; a < k; a++)
        {
            for (int j = 0; j < d; j++)
            {
                mixing[a, j] = rng.Normal();
            }
        }
        var x = Multiply(s, mixing);
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                x[r, j] += 0.5 * j;
            }
        }
        return (ToTensor(x), mixing);
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), inner = a.GetLength(1), n = b.GetLength(1);
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int t = 0; t < inner; t++)
            {
                for (int j = 0; j < n; j++)
                {
                    c[i, j] += a[i, t] * b[t, j];
                }
            }
        }
        return c;
    }

    public static Tensor ToTensor(double[,] a)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var data = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                data[i * n + j] = (float)a[i, j];
            }
        }
        return new Tensor(data, m, n);
    }

    public static double[,] ToDouble(Tensor t)
    {
        int m = t.Shape[0], n = t.Shape[1];
        var a = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = t.Data[i * n + j];
            }
        }
        return a;
    }
}
