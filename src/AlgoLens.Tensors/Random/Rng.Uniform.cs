namespace AlgoLens.Tensors.Random;

public sealed partial class Rng
{
    private const float TwoToMinus24 = 1f / (1 << 24);
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    /// <summary>
    /// Uniform in [0, 1) from one output: <c>(NextUInt32() &gt;&gt; 8) · 2^-24</c>, so every value is
    /// a multiple of 2^-24 and exactly representable (no rounding can reach 1).
    /// </summary>
    public float NextFloat() => (NextUInt32() >> 8) * TwoToMinus24;

    /// <summary>Uniform in [0, 1) from two outputs: <c>(NextUInt64() &gt;&gt; 11) · 2^-53</c>.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * TwoToMinus53;

    /// <summary>
    /// Uniform in [<paramref name="low"/>, <paramref name="high"/>) from one <see cref="NextDouble"/>:
    /// <c>low + (high - low) · u</c> in double. When rounding lands exactly on
    /// <paramref name="high"/>, the largest double below it is returned, so the bound holds.
    /// </summary>
    public double Uniform(double low, double high)
    {
        CheckRange(low, high);
        double value = low + (high - low) * NextDouble();
        return value < high ? value : Math.BitDecrement(high);
    }

    /// <summary>
    /// A float uniform in [<paramref name="low"/>, <paramref name="high"/>) from one
    /// <see cref="NextFloat()"/> (one 32-bit output): <c>(float)(low + (high - low) · u)</c> computed
    /// in double and rounded once; a result that rounds onto <paramref name="high"/> becomes the
    /// largest float below it.
    /// </summary>
    public float NextFloat(float low, float high)
    {
        CheckRange(low, high);
        return UniformUnchecked(low, high);
    }

    /// <summary>
    /// Fills <paramref name="destination"/>, in index order, with <see cref="NextFloat(float, float)"/>:
    /// one 32-bit output per element.
    /// </summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        CheckRange(low, high);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = UniformUnchecked(low, high);
        }
    }

    private float UniformUnchecked(float low, float high)
    {
        // Double arithmetic, one final rounding: simple to reproduce (Python floats are doubles).
        float value = (float)(low + ((double)high - low) * NextFloat());
        return value < high ? value : MathF.BitDecrement(high);
    }

    private static void CheckRange(double low, double high)
    {
        if (!(low < high) || !double.IsFinite(high - low))
        {
            throw new ArgumentException(
                $"A uniform range needs finite bounds with low < high; got [{low}, {high}).");
        }
    }
}
