using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>The fused RMSNorm against the composition RootMeanSquare, Div, Mul (the same bits forward;
/// gradients within float32 tolerance, the sums being in another order), against finite
/// differences, at widths with and without a vector tail, and under any thread count.</summary>
public class RmsNormKernelTests
{
    private static Tensor Composed(Tensor x, Tensor? w, float eps)
    {
        var normalized = Ops.Div(x, Ops.RootMeanSquare(x, eps));
        return w is null ? normalized : Ops.Mul(normalized, w);
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    [Theory]
    [InlineData(128, 700, true)]
    [InlineData(13, 50, true)]
    [InlineData(3, 9, true)]
    [InlineData(128, 130, false)]
    [InlineData(13, 50, false)]
    public void MatchesTheComposition(int d, int rows, bool learnedScale)
    {
        var rng = new System.Random(d + rows);
        var x = GradCheck.Random(rng, [rows, d], -3f, 2f);
        var w = learnedScale ? GradCheck.Random(rng, [d], 0.5f, 1.5f) : null;
        var g = GradCheck.Random(rng, [rows, d], requiresGrad: false);

        var fused = Ops.RmsNorm(x, w, 1e-5f);
        Ops.SumAll(Ops.Mul(fused, g)).Backward();
        float[] gx = x.Grad!, gw = w?.Grad ?? [];
        x.Grad = null;
        if (w is not null)
        {
            w.Grad = null;
        }
        var composed = Composed(x, w, 1e-5f);
        Ops.SumAll(Ops.Mul(composed, g)).Backward();

        // The same dot product, a true division and the same product: the same bits.
        Assert.Equal(composed.Data, fused.Data);
        // Each row's sum of d products in another order (and x·(1/scale) for x/scale): relative 1e-5;
        // the weight gradient sums `rows` terms in blocks (rows·ulp grows, as √rows for random signs).
        AssertClose(x.Grad!, gx, 1e-5, "gx");
        // Without a learned scale neither side has a weight gradient: both are empty.
        AssertClose(w?.Grad ?? [], gw, 1e-5 * Math.Sqrt(rows), "gw");
        Assert.Equal(learnedScale ? d : 0, gw.Length);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var rng = new System.Random(5);
        GradCheck.Check(t => Ops.RmsNorm(t[0], t[1], 1e-5f), GradCheck.Random(rng, [3, 2, 19]), GradCheck.Random(rng, [19], 0.5f, 1.5f));
        GradCheck.Check(t => Ops.RmsNorm(t[0], null, 1e-5f), GradCheck.Random(rng, [4, 5]));
    }

    [Fact]
    public void SameBitsForAnyThreadCount()
    {
        var rng = new System.Random(9);
        var x = GradCheck.Random(rng, [1_234, 128]);
        var w = GradCheck.Random(rng, [128]);
        var g = GradCheck.Random(rng, [1_234, 128], requiresGrad: false);
        float[]? y1 = null, gx1 = null, gw1 = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            x.Grad = w.Grad = null;
            var y = Ops.RmsNorm(x, w, 1e-5f);
            Ops.SumAll(Ops.Mul(y, g)).Backward();
            y1 ??= y.Data;
            gx1 ??= x.Grad!;
            gw1 ??= w.Grad!;
            Assert.Equal(y1, y.Data);
            Assert.Equal(gx1, x.Grad!);
            Assert.Equal(gw1, w.Grad!);
        }
    }

    [Fact]
    public void RejectsAWeightOfTheWrongWidth()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.RmsNorm(Tensor.Zeros(2, 5), Tensor.Zeros(4), 1e-5f));
        Assert.Contains("[5]", error.Message);
    }
}
