using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Fourier;

/// <summary>Test signals written from the formulas, independently of FourierBasis.</summary>
internal static class Waves
{
    public static double W(int k, int p) => 2 * Math.PI * k / p;

    public static double Cos(int k, int x, int p) => Math.Cos(W(k, p) * x);

    public static double Sin(int k, int x, int p) => Math.Sin(W(k, p) * x);

    /// <summary>A [p², n] tensor (row a·p + b) whose column j is f(j, a, b).</summary>
    public static Tensor Grid(int p, int n, Func<int, int, int, double> f)
    {
        var data = new float[p * p * n];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                for (int j = 0; j < n; j++)
                {
                    data[(a * p + b) * n + j] = (float)f(j, a, b);
                }
            }
        }
        return new Tensor(data, p * p, n);
    }

    /// <summary>Logits [p², p] with logit(a, b, c) = f(a, b, c).</summary>
    public static Tensor Logits(int p, Func<int, int, int, double> f) => Grid(p, p, (c, a, b) => f(a, b, c));
}
