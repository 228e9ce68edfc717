namespace AlgoLens.Tensors.Random;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014; Vigna's reference <c>splitmix64.c</c>): a 64-bit counter
/// stepped by the golden-ratio constant and passed through a bijective mixer. Used only to hash
/// seeds and salts into well-spread values for <see cref="Rng.Fork"/>; the numbers users see come
/// from <see cref="Rng"/>.
/// </summary>
internal struct SplitMix64
{
    /// <summary>2^64 / φ, rounded to odd: the counter step.</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong counter;

    public SplitMix64(ulong seed) => counter = seed;

    /// <summary>Advances the counter by <see cref="Golden"/> and returns the mixed value.</summary>
    public ulong Next()
    {
        counter = unchecked(counter + Golden);
        return Mix(counter);
    }

    /// <summary>The SplitMix64 finalizer (a bijection on 64-bit values, Stafford's "Mix13" constants).</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
