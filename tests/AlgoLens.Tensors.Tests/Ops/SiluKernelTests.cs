using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>The vectorised SiLU (<see cref="SiluKernels"/>) against a float64 evaluation of its
/// definition, and against itself under any split of the array.</summary>
public class SiluKernelTests
{
    // [-100, 100] (both tails, past exp's float range) in steps of 0.001, plus special values.
    private static float[] Grid()
    {
        var values = Enumerable.Range(-100_000, 200_001).Select(i => i * 0.001f).ToList();
        values.AddRange([1e-30f, -1e-30f, 0f, -0f, 1e6f, -1e6f, float.MaxValue, -float.MaxValue]);
        return [.. values];
    }

    private static unsafe (float[] Values, float[] Slopes) Forward(float[] x, int pieces)
    {
        var y = new float[x.Length];
        var slope = new float[x.Length];
        fixed (float* px = x)
        fixed (float* py = y)
        fixed (float* ps = slope)
        {
            int step = (x.Length + pieces - 1) / pieces;
            for (int start = 0; start < x.Length; start += step)
            {
                SiluKernels.Forward(px + start, py + start, ps + start, Math.Min(step, x.Length - start));
            }
        }
        return (y, slope);
    }

    [Fact]
    public void ValuesAndSlopesMatchFloat64()
    {
        var x = Grid();
        var (y, slope) = Forward(x, 1);
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double sigma = v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));
            double value = v * sigma, d = sigma * (1 + v * (1 - sigma));
            // Relative 4e-7 (a few ulps: exp's own error and three roundings) of the value, and of
            // the slope against its scale near its zero crossing (x ≈ -1.28, where σ and x·σ(1-σ)
            // cancel); absolute 2e-36 where exp(-|x|) passes float's normal range (|x| > 87.3) and is
            // taken as 0: the value is then at most |x|·1.2e-38 away.
            Assert.True(Math.Abs(y[i] - value) <= 4e-7 * Math.Abs(value) + 2e-36, $"silu({x[i]:R}) = {y[i]:R}, expected {value:R}");
            Assert.True(Math.Abs(slope[i] - d) <= 4e-7 * Math.Max(Math.Abs(d), Math.Min(0.5, sigma * (1 + Math.Abs(v)))) + 2e-36,
                $"silu'({x[i]:R}) = {slope[i]:R}, expected {d:R}");
        }
    }

    [Fact]
    public void NanPropagatesAndSplitsDoNotChangeBits()
    {
        var (nan, _) = Forward([float.NaN, 1f, float.NaN], 1);
        Assert.True(float.IsNaN(nan[0]) && float.IsNaN(nan[2]));
        var x = Grid()[..1001];
        var whole = Forward(x, 1);
        foreach (int pieces in new[] { 3, 7, 77 })
        {
            var split = Forward(x, pieces);
            Assert.Equal(whole.Values, split.Values);
            Assert.Equal(whole.Slopes, split.Slopes);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OpGivesTheKernelsBitsForAnyThreadCount(int threads)
    {
        var x = GradCheck.Random(new System.Random(3), [70_001], -9f, 9f);
        using var compute = ComputeContext.Use(new ComputeContext(threads));
        var y = Ops.Silu(x);
        var g = GradCheck.Random(new System.Random(4), [70_001], requiresGrad: false);
        Ops.SumAll(y * g).Backward();
        var (values, slopes) = Forward(x.Data, 1);
        Assert.Equal(values, y.Data);
        Assert.Equal(g.Data.Zip(slopes, (a, b) => a * b), x.Grad!);
    }
}
