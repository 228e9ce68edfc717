namespace AlgoLens.Tensors.Random;

/// <summary>
/// A seeded pseudo-random generator whose numbers are a documented contract: the same seed gives the
/// same numbers on every machine, operating system and .NET version, so a run can be reproduced (or
/// re-derived in Python) from its seed alone. <see cref="System.Random"/> is never used: its
/// algorithm is an implementation detail that has changed between .NET versions.
/// </summary>
/// <remarks>
/// <para>
/// <b>Generator.</b> PCG32, the "XSH-RR" member of the PCG family (M. E. O'Neill, "PCG: A Family of
/// Simple Fast Space-Efficient Statistically Good Algorithms for Random Number Generation", 2014),
/// exactly as <c>pcg32_random_r</c> in the reference <c>pcg_basic.c</c>: a 64-bit LCG state advanced
/// as <c>state = state * 6364136223846793005 + inc</c> (mod 2^64) with an odd increment
/// <c>inc = (stream &lt;&lt; 1) | 1</c> that selects one of 2^63 streams; each output is computed
/// from the state <i>before</i> the advance: <c>x = (uint)(((old &gt;&gt; 18) ^ old) &gt;&gt; 27)</c>,
/// rotated right by <c>old &gt;&gt; 59</c>.
/// </para>
/// <para>
/// <b>Seeding.</b> <c>new Rng(seed, stream)</c> is <c>pcg32_srandom_r(seed, stream)</c>: state = 0,
/// inc as above, advance once, state += seed, advance once. For seed 42, stream 54 the first outputs
/// are 0xa15c02b7, 0x7b47f409, 0xba1d3330 (the reference demo's numbers).
/// </para>
/// <para>
/// <b>Derived values</b> (each consumes whole 32-bit outputs, in the order given):
/// <see cref="NextUInt64"/> = (first &lt;&lt; 32) | second;
/// <see cref="NextFloat()"/> = (next &gt;&gt; 8) · 2^-24 (24 bits, in [0, 1));
/// <see cref="NextDouble"/> = (NextUInt64() &gt;&gt; 11) · 2^-53 (53 bits, in [0, 1));
/// <see cref="NextInt(int)"/> uses Lemire's multiply-shift with rejection (unbiased);
/// <see cref="Normal()"/> is Box–Muller in double (see there);
/// <see cref="Permutation"/> and <see cref="Shuffle{T}"/> are Fisher–Yates from the last index down.
/// </para>
/// <para>
/// A Python transcription of all of this, used to produce the pinned numbers in the tests, is in
/// <c>tests/AlgoLens.Tensors.Tests/Random/RngReferenceTests.cs</c>.
/// </para>
/// <para>Not thread-safe: give each thread its own generator (see <see cref="Fork"/>).</para>
/// </remarks>
public sealed partial class Rng
{
    private const ulong Multiplier = 6364136223846793005UL;

    private ulong state;
    private readonly ulong increment;

    /// <summary>
    /// Creates the generator <c>pcg32_srandom_r(seed, stream)</c>. Different streams with the same
    /// seed give different sequences; most callers pass only a seed.
    /// </summary>
    /// <param name="seed">Any 64-bit value; every value is a good seed.</param>
    /// <param name="stream">Stream selector; only its low 63 bits matter.</param>
    public Rng(ulong seed, ulong stream = 0)
    {
        increment = (stream << 1) | 1UL;
        state = 0;
        NextUInt32();
        state += seed;
        NextUInt32();
    }

    // Takes a tuple so that it cannot be confused with the (seed, stream) constructor.
    private Rng((ulong State, ulong Increment) raw)
    {
        state = raw.State;
        increment = raw.Increment;
    }

    /// <summary>The 64-bit LCG state (with <see cref="Increment"/>, everything needed to resume).</summary>
    public ulong State => state;

    /// <summary>The odd LCG increment, <c>(stream &lt;&lt; 1) | 1</c>.</summary>
    public ulong Increment => increment;

    /// <summary>
    /// Rebuilds a generator from a saved <see cref="State"/> and <see cref="Increment"/>, so that a
    /// resumed run draws exactly the numbers the uninterrupted one would have.
    /// </summary>
    /// <exception cref="ArgumentException">The increment is even (it never is for a real generator).</exception>
    public static Rng FromState(ulong state, ulong increment)
    {
        if ((increment & 1UL) == 0)
        {
            throw new ArgumentException(
                $"A PCG32 increment is always odd; 0x{increment:x16} is not, so it was not saved from an Rng.",
                nameof(increment));
        }
        return new Rng((state, increment));
    }

    /// <summary>An independent copy at the same position: both produce the same numbers from here on.</summary>
    public Rng Clone() => new((state, increment));

    /// <summary>The next 32-bit output (PCG32 XSH-RR).</summary>
    public uint NextUInt32()
    {
        ulong old = state;
        state = unchecked(old * Multiplier + increment);
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        int rotation = (int)(old >> 59);
        return uint.RotateRight(xorShifted, rotation);
    }

    /// <summary>64 bits from two outputs: the first supplies the high half.</summary>
    public ulong NextUInt64()
    {
        ulong high = NextUInt32();
        ulong low = NextUInt32();
        return (high << 32) | low;
    }

    /// <summary>
    /// A new generator derived deterministically from this one's current position and
    /// <paramref name="salt"/>, without advancing this one. Use it to give separate purposes their
    /// own streams (e.g. salt 1 for weight init, salt 2 for the train/test split), so that drawing
    /// more numbers for one purpose never shifts the numbers of another.
    /// </summary>
    /// <remarks>
    /// With φ = 0x9E3779B97F4A7C15 and Mix64 the SplitMix64 finalizer (see <see cref="SplitMix64"/>),
    /// all arithmetic mod 2^64: x = State XOR Mix64(Increment + salt·φ); the child is
    /// <c>new Rng(seed: Mix64(x + φ), stream: Mix64(x + 2φ))</c>, i.e. the first two outputs of a
    /// SplitMix64 generator started at x. Hashing both the state and the salt keeps children of
    /// nearby salts, and of parents on nearby seeds, unrelated (plain PCG streams that share a
    /// state are correlated).
    /// </remarks>
    public Rng Fork(ulong salt)
    {
        ulong x = state ^ SplitMix64.Mix(unchecked(increment + salt * SplitMix64.Golden));
        var splitMix = new SplitMix64(x);
        ulong seed = splitMix.Next();
        ulong stream = splitMix.Next();
        return new Rng(seed, stream);
    }
}
