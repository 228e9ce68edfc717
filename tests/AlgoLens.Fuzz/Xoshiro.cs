namespace AlgoLens.Fuzz;

/// <summary>xoshiro256** seeded through SplitMix64: a fuzzing run is a pure function of its seed.</summary>
public sealed class Xoshiro
{
    private ulong s0, s1, s2, s3;

    /// <summary>Seeds the four words from <paramref name="seed"/> with SplitMix64.</summary>
    public Xoshiro(ulong seed)
    {
        s0 = SplitMix(ref seed);
        s1 = SplitMix(ref seed);
        s2 = SplitMix(ref seed);
        s3 = SplitMix(ref seed);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, n) for n ≥ 1 (Lemire's multiply-high; the tiny bias is irrelevant here).</summary>
    public int Below(int n) => (int)Math.BigMul(Next(), (ulong)n, out _);

    /// <summary>True with probability 1/n.</summary>
    public bool OneIn(int n) => Below(n) == 0;
}
