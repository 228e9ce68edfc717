using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>The fused LayerNorm against a float64 evaluation of its definition (forward and every
/// gradient), at widths with and without a vector tail, and under any thread count.</summary>
public class LayerNormKernelTests
{
    // Forward and backward in float64, straight from the definition.
    private static (double[] Y, double[] Gx, double[] Gw, double[] Gb) Reference(float[] x, float[] w, float[] b, float[] g, int d, double eps)
    {
        int rows = x.Length / d;
        var y = new double[x.Length];
        var gx = new double[x.Length];
        var gw = new double[d];
        var gb = new double[d];
        for (int r = 0; r < rows; r++)
        {
            double mean = 0, variance = 0;
            for (int j = 0; j < d; j++)
            {
                mean += x[r * d + j];
            }
            mean /= d;
            for (int j = 0; j < d; j++)
            {
                variance += (x[r * d + j] - mean) * (x[r * d + j] - mean);
            }
            double s = 1 / Math.Sqrt(variance / d + eps);
            double meanG = 0, meanGX = 0;
            for (int j = 0; j < d; j++)
            {
                double xhat = (x[r * d + j] - mean) * s;
                y[r * d + j] = xhat * w[j] + b[j];
                gw[j] += g[r * d + j] * xhat;
                gb[j] += g[r * d + j];
                meanG += g[r * d + j] * w[j] / d;
                meanGX += g[r * d + j] * w[j] * xhat / d;
            }
            for (int j = 0; j < d; j++)
            {
                double xhat = (x[r * d + j] - mean) * s;
                gx[r * d + j] = (g[r * d + j] * w[j] - meanG - xhat * meanGX) * s;
            }
        }
        return (y, gx, gw, gb);
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    [Theory]
    [InlineData(128, 700)]
    [InlineData(13, 50)]
    [InlineData(3, 9)]
    public void ForwardAndGradientsMatchFloat64(int d, int rows)
    {
        var rng = new System.Random(d);
        var x = GradCheck.Random(rng, [rows, d], -3f, 2f);
        var w = GradCheck.Random(rng, [d], 0.5f, 1.5f);
        var b = GradCheck.Random(rng, [d]);
        var g = GradCheck.Random(rng, [rows, d], requiresGrad: false);
        var y = Ops.LayerNorm(x, w, b, 1e-5f);
        Ops.SumAll(Ops.Mul(y, g)).Backward();
        var expected = Reference(x.Data, w.Data, b.Data, g.Data, d, 1e-5);
        // float32 sums of up to `rows` terms: relative 1e-5 (rows·ulp grows for the weight gradients).
        AssertClose(expected.Y, y.Data, 2e-6, "y");
        AssertClose(expected.Gx, x.Grad!, 1e-5, "gx");
        AssertClose(expected.Gw, w.Grad!, 1e-5 * Math.Sqrt(rows), "gw");
        AssertClose(expected.Gb, b.Grad!, 1e-5 * Math.Sqrt(rows), "gb");
    }

    [Fact]
    public void SameBitsForAnyThreadCount()
    {
        var rng = new System.Random(9);
        var x = GradCheck.Random(rng, [1_234, 128]);
        var w = GradCheck.Random(rng, [128]);
        var b = GradCheck.Random(rng, [128]);
        var g = GradCheck.Random(rng, [1_234, 128], requiresGrad: false);
        float[]? y1 = null, gx1 = null, gw1 = null, gb1 = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            x.Grad = w.Grad = b.Grad = null;
            var y = Ops.LayerNorm(x, w, b, 1e-5f);
            Ops.SumAll(Ops.Mul(y, g)).Backward();
            y1 ??= y.Data;
            gx1 ??= x.Grad!;
            gw1 ??= w.Grad!;
            gb1 ??= b.Grad!;
            Assert.Equal(y1, y.Data);
            Assert.Equal(gx1, x.Grad!);
            Assert.Equal(gw1, w.Grad!);
            Assert.Equal(gb1, b.Grad!);
        }
    }
}
