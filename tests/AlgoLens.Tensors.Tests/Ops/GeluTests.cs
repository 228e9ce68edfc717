using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>The vectorised GELUs against float64 evaluations of their definitions, finite
/// differences, and themselves under any thread count and any split of the array.</summary>
public class GeluTests
{
    private static double ErfGelu(double x) => 0.5 * x * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)));

    private static double ErfGeluSlope(double x) =>
        0.5 * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2))) + x * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    // 0.5·x·(1 + tanh u) as x·σ(2u): in double too, 1 + tanh u cancels to 0 in the left tail.
    private static double TanhGelu(double x) => x / (1 + Math.Exp(-2 * Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    private static double TanhGeluSlope(double x)
    {
        double u = Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
        double t = Math.Tanh(u);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Math.Sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x);
    }

    // A grid over [-12, 12] (both tails and the kink region) plus the special values.
    private static float[] Grid()
    {
        var values = Enumerable.Range(-24_000, 48_001).Select(i => i * 0.0005f).ToList();
        values.AddRange([1e-30f, -1e-30f, 1e-6f, -1e-6f, 0f, -0f, 30f, -30f, 1e6f, -1e6f]);
        return [.. values];
    }

    /// <summary>
    /// Tolerance: relative 2e-6 of the value (about 16 float32 ulps; the fits are good to ~1e-7),
    /// growing as x²/4 past |x| = 2, where exp's argument (x²/2, or ~1.6·x for the tanh form) is
    /// itself rounded to float32 and its absolute error becomes the value's relative error; plus the
    /// float64 reference's own error where it is formed as 1 + erf (1e-15 absolute in erf, times |x|).
    /// </summary>
    private static double Relative(float x) => 2e-6 * Math.Max(1, x * x / 4);

    private static void AssertClose(double expected, float actual, float x, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= Relative(x) * Math.Abs(expected) + 1e-15 * Math.Abs(x) + 1e-30, $"{what}({x:R}) = {actual:R}, expected {expected:R} (error {error:G3})");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ValuesAndSlopesMatchFloat64(bool erfForm)
    {
        var form = erfForm ? GeluForm.Erf : GeluForm.Tanh;
        var x = Grid();
        var y = new float[x.Length];
        var ones = Enumerable.Repeat(1f, x.Length).ToArray();
        var slope = new float[x.Length];
        GeluKernels.Forward(form, x, y);
        GeluKernels.Backward(form, x, ones, slope, accumulate: false);
        for (int i = 0; i < x.Length; i++)
        {
            double value = form == GeluForm.Erf ? ErfGelu(x[i]) : TanhGelu(x[i]);
            double d = form == GeluForm.Erf ? ErfGeluSlope(x[i]) : TanhGeluSlope(x[i]);
            AssertClose(value, y[i], x[i], form.ToString());
            // The slope crosses zero near x = -0.75: there the relative bound is measured against
            // its scale (Φ and x·φ are each about 0.2-0.3), not its value.
            double error = Math.Abs(slope[i] - d);
            Assert.True(error <= Relative(x[i]) * Math.Max(Math.Abs(d), 0.25 * Math.Min(1, Math.Abs(x[i]))) + 1e-15 * Math.Abs(x[i]) + 1e-30,
                $"{form} slope({x[i]:R}) = {slope[i]:R}, expected {d:R} (error {error:G3})");
        }
    }

    [Fact]
    public void NanPropagates()
    {
        var y = new float[3];
        GeluKernels.Forward(GeluForm.Erf, [float.NaN, 1f, float.NaN], y);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[2]));
        GeluKernels.Forward(GeluForm.Tanh, [float.NaN, 1f, float.NaN], y);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[2]));
    }

    [Fact]
    public void InPlaceWithSlopeMatchesTheSeparateCalls()
    {
        var x = Grid();
        foreach (var form in new[] { GeluForm.Erf, GeluForm.Tanh })
        {
            var y = new float[x.Length];
            var slope = new float[x.Length];
            GeluKernels.Forward(form, x, y);
            GeluKernels.Backward(form, x, Enumerable.Repeat(1f, x.Length).ToArray(), slope, accumulate: false);
            var inPlace = (float[])x.Clone();
            var inPlaceSlope = new float[x.Length];
            unsafe
            {
                fixed (float* v = inPlace)
                fixed (float* d = inPlaceSlope)
                {
                    GeluKernels.ForwardInPlace(form, v, d, x.Length);
                }
            }
            Assert.Equal(y, inPlace);
            Assert.Equal(slope, inPlaceSlope);
        }
    }

    [Fact]
    public void StoredSlopeBackwardGivesTheBitsOfTheRecomputingBackward()
    {
        // The op writes the slope in its forward and multiplies by it in the backward; the kernel's
        // Backward recomputes it from x. Odd length (vector body and tail), written and accumulated.
        var rng = new System.Random(5);
        var x = GradCheck.Random(rng, [10_007], -9f, 9f);
        var g = GradCheck.Random(rng, [10_007], requiresGrad: false);
        foreach (var (name, form) in new[] { (FusedActivation.Gelu, GeluForm.Erf), (FusedActivation.GeluTanh, GeluForm.Tanh) })
        {
            var expected = new float[x.Size];
            GeluKernels.Backward(form, x.Data, g.Data, expected, accumulate: false);
            x.Grad = null;
            Ops.SumAll(Ops.Mul(Ops.Activation(x, name), g)).Backward();
            Assert.Equal(expected, x.Grad!);
            // Accumulating into a gradient that is already there: one fused multiply-add either way.
            var y = new float[x.Size];
            var slope = new float[x.Size];
            GeluKernels.Forward(form, x.Data, y, slope);
            var recomputed = (float[])g.Data.Clone();
            GeluKernels.Backward(form, x.Data, g.Data, recomputed, accumulate: true);
            var stored = (float[])g.Data.Clone();
            GeluKernels.BackwardFromDerivative(slope, g.Data, stored, accumulate: true);
            Assert.Equal(recomputed, stored);
        }
    }

    [Fact]
    public void BackwardMatchesFiniteDifferencesAcrossTheRange()
    {
        var rng = new System.Random(3);
        GradCheck.Check(x => Ops.Gelu(x[0]), GradCheck.Random(rng, [5, 37], -6f, 6f));
        GradCheck.Check(x => Ops.GeluNew(x[0]), GradCheck.Random(rng, [5, 37], -6f, 6f));
    }

    [Fact]
    public void EveryElementGetsTheSameBitsWhateverTheSplitOrThreadCount()
    {
        // Odd length: vector bodies, padded tails and thread ranges all fall differently.
        var rng = new System.Random(11);
        var x = GradCheck.Random(rng, [100_003], -8f, 8f);
        var g = GradCheck.Random(rng, [100_003], requiresGrad: false);
        foreach (var name in new[] { FusedActivation.Gelu, FusedActivation.GeluTanh })
        {
            float[]? y1 = null, gx1 = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                using var compute = ComputeContext.Use(new ComputeContext(threads));
                x.Grad = null;
                var y = Ops.Activation(x, name);
                Ops.SumAll(Ops.Mul(y, g)).Backward();
                y1 ??= y.Data;
                gx1 ??= x.Grad!;
                Assert.Equal(y1, y.Data);
                Assert.Equal(gx1, x.Grad!);
            }
            // Element by element alone (a tail of one) gives the same bits as in the array.
            for (int i = 0; i < 50; i++)
            {
                var one = Ops.Activation(Tensor.FromArray([x.Data[i * 1999]], 1), name);
                Assert.Equal(y1![i * 1999], one.Data[0]);
            }
        }
    }
}
