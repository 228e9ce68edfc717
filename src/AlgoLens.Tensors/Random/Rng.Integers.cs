namespace AlgoLens.Tensors.Random;

public sealed partial class Rng
{
    /// <summary>
    /// Uniform integer in [0, <paramref name="maxExclusive"/>), exactly unbiased, by Lemire's
    /// multiply-shift with rejection ("Fast Random Integer Generation in an Interval", 2019):
    /// m = NextUInt32() · n as a 64-bit product; if its low 32 bits are below (2^32 - n) mod n, draw
    /// again; the result is m &gt;&gt; 32. Usually one output, never a division on the fast path.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        return (int)NextBounded((uint)maxExclusive);
    }

    /// <summary>
    /// Uniform integer in [<paramref name="low"/>, <paramref name="highExclusive"/>):
    /// <c>low + NextInt(highExclusive - low)</c>, the width taken as unsigned so that any int range works.
    /// </summary>
    /// <exception cref="ArgumentException">The range is empty.</exception>
    public int NextInt(int low, int highExclusive)
    {
        if (low >= highExclusive)
        {
            throw new ArgumentException($"NextInt needs low < highExclusive; got [{low}, {highExclusive}).");
        }
        uint width = unchecked((uint)(highExclusive - low));
        return unchecked(low + (int)NextBounded(width));
    }

    /// <summary>
    /// A uniformly random permutation of 0..n-1: the identity shuffled by <see cref="Shuffle{T}"/>.
    /// </summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = i;
        }
        Shuffle<int>(result);
        return result;
    }

    /// <summary>
    /// Shuffles in place, uniformly (Fisher–Yates, Durstenfeld's form): for i from Length - 1 down
    /// to 1, swap element i with element <c>NextInt(i + 1)</c>. Consumes Length - 1 draws (more
    /// only on Lemire rejections).
    /// </summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)NextBounded((uint)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private uint NextBounded(uint n)
    {
        ulong product = (ulong)NextUInt32() * n;
        uint low = (uint)product;
        if (low < n)
        {
            // (2^32 - n) mod n: the count of low-half values that would over-represent some results.
            uint threshold = unchecked(0u - n) % n;
            while (low < threshold)
            {
                product = (ulong)NextUInt32() * n;
                low = (uint)product;
            }
        }
        return (uint)(product >> 32);
    }
}
