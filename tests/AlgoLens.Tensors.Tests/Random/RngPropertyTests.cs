using AlgoLens.Tensors.Random;

namespace AlgoLens.Tensors.Tests.Random;

public class RngPropertyTests
{
    private const int Draws = 100_000;

    [Fact]
    public void NextFloat_IsUniformOnUnitInterval()
    {
        var rng = new Rng(1);
        var values = Enumerable.Range(0, Draws).Select(_ => (double)rng.NextFloat()).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0.0, 1.0 - 1e-9));
        // Mean 1/2 and variance 1/12; the standard error of the mean is ~0.0009 at 1e5 draws.
        Assert.Equal(0.5, values.Average(), 0.005);
        Assert.Equal(1.0 / 12, Variance(values), 0.002);
    }

    [Fact]
    public void Uniform_RespectsItsBoundsAndMoments()
    {
        var rng = new Rng(2);
        var values = Enumerable.Range(0, Draws).Select(_ => rng.Uniform(-3, 5)).ToArray();
        Assert.All(values, v => Assert.True(v >= -3 && v < 5));
        Assert.Equal(1.0, values.Average(), 0.04);
        Assert.Equal(64.0 / 12, Variance(values), 0.1);
    }

    [Fact]
    public void FillUniform_NeverReachesTheUpperBound_EvenWhenRoundingWould()
    {
        // [1, 1 + 2 ulp): most doubles in between round to one of three floats, the top one being 'high'.
        float low = 1f, high = MathF.BitIncrement(MathF.BitIncrement(1f));
        var values = new float[10_000];
        new Rng(3).FillUniform(values, low, high);
        Assert.All(values, v => Assert.True(v >= low && v < high));
        Assert.Contains(MathF.BitIncrement(low), values);
    }

    [Fact]
    public void Normal_HasMeanZeroAndUnitStd()
    {
        var rng = new Rng(4);
        var values = Enumerable.Range(0, Draws).Select(_ => rng.Normal()).ToArray();
        Assert.Equal(0.0, values.Average(), 0.01);
        Assert.Equal(1.0, Math.Sqrt(Variance(values)), 0.01);
        // A Gaussian puts 68.27% of its mass within one std.
        Assert.Equal(0.6827, values.Count(v => Math.Abs(v) < 1) / (double)Draws, 0.005);
    }

    [Fact]
    public void FillNormal_AppliesMeanAndStd()
    {
        var values = new float[Draws];
        new Rng(5).FillNormal(values, 3f, 0.5f);
        var doubles = values.Select(v => (double)v).ToArray();
        Assert.Equal(3.0, doubles.Average(), 0.01);
        Assert.Equal(0.5, Math.Sqrt(Variance(doubles)), 0.01);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(113)]
    public void NextInt_CoversTheRangeEvenly(int n)
    {
        var rng = new Rng(6);
        var counts = new int[n];
        int draws = 2000 * n;
        for (int i = 0; i < draws; i++)
        {
            counts[rng.NextInt(n)]++;
        }
        // Each count is Binomial(draws, 1/n): std ≈ sqrt(2000) ≈ 45, so 6 std is ~270.
        Assert.All(counts, c => Assert.InRange(c, 2000 - 270, 2000 + 270));
    }

    [Fact]
    public void NextInt_LowHigh_StaysInRangeAndHitsBothEnds()
    {
        var rng = new Rng(7);
        var values = Enumerable.Range(0, 10_000).Select(_ => rng.NextInt(-3, 4)).ToArray();
        Assert.All(values, v => Assert.InRange(v, -3, 3));
        Assert.Contains(-3, values);
        Assert.Contains(3, values);
        Assert.All(Enumerable.Range(0, 1000).Select(_ => rng.NextInt(int.MinValue, int.MaxValue)), v => Assert.NotEqual(int.MaxValue, v));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Permutation_IsAPermutation(int n)
    {
        var perm = new Rng(8).Permutation(n);
        Assert.Equal(Enumerable.Range(0, n), perm.Order());
    }

    [Fact]
    public void Permutation_EveryOrderOfThreeIsEquallyLikely()
    {
        var rng = new Rng(9);
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 60_000; i++)
        {
            string key = string.Join(",", rng.Permutation(3));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 9_400, 10_600));
    }

    [Fact]
    public void Shuffle_EqualsPermutationOfTheSameDraws()
    {
        string[] items = ["a", "b", "c", "d", "e", "f"];
        new Rng(10).Shuffle<string>(items);
        var perm = new Rng(10).Permutation(6);
        Assert.Equal(perm.Select(i => ((char)('a' + i)).ToString()), items);
    }

    [Fact]
    public void SameSeed_SameSequence()
    {
        var a = new Rng(11);
        var b = new Rng(11);
        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.NextUInt64()), Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void DifferentSeedsOrStreams_Differ()
    {
        static uint[] First(Rng r) => Enumerable.Range(0, 8).Select(_ => r.NextUInt32()).ToArray();
        Assert.NotEqual(First(new Rng(12)), First(new Rng(13)));
        Assert.NotEqual(First(new Rng(12, stream: 0)), First(new Rng(12, stream: 1)));
    }

    [Fact]
    public void Fork_IsDeterministic_DoesNotAdvanceTheParent_AndSaltsDiffer()
    {
        var parent = new Rng(14);
        var reference = parent.Clone();
        var first = parent.Fork(1);
        var again = parent.Fork(1);
        var other = parent.Fork(2);
        Assert.Equal(reference.NextUInt64(), parent.NextUInt64());
        ulong a = first.NextUInt64();
        Assert.Equal(a, again.NextUInt64());
        Assert.NotEqual(a, other.NextUInt64());
        Assert.NotEqual(a, new Rng(14).NextUInt64());
    }

    [Fact]
    public void FromState_ResumesExactly()
    {
        var rng = new Rng(15);
        rng.NextUInt32();
        var resumed = Rng.FromState(rng.State, rng.Increment);
        Assert.Equal(rng.NextDouble(), resumed.NextDouble());
        Assert.Throws<ArgumentException>(() => Rng.FromState(1, 2));
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        var rng = new Rng(16);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
        Assert.Throws<ArgumentException>(() => rng.NextInt(5, 5));
        Assert.Throws<ArgumentException>(() => rng.Uniform(1, 1));
        Assert.Throws<ArgumentException>(() => rng.FillUniform(new float[1], 2f, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Normal(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Permutation(-1));
    }

    private static double Variance(double[] values)
    {
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }
}
