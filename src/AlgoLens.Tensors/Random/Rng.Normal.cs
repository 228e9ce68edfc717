namespace AlgoLens.Tensors.Random;

public sealed partial class Rng
{
    /// <summary>
    /// A standard normal sample by the Box–Muller transform in double: u1 = <see cref="NextDouble"/>,
    /// u2 = <see cref="NextDouble"/> (in that order, four 32-bit outputs), result
    /// <c>Math.Sqrt(-2 · Math.Log(1 - u1)) · Math.Cos(2π · u2)</c> with 2π·u2 evaluated as
    /// <c>(2.0 * Math.PI) * u2</c>. 1 - u1 is exact and in (0, 1], so the log is finite.
    /// The sine partner is discarded rather than cached: every call consumes exactly four outputs
    /// and the generator carries no hidden state, which keeps <see cref="Fork"/>,
    /// <see cref="Clone"/> and resuming from <see cref="State"/> simple and exact.
    /// </summary>
    /// <remarks>
    /// Math.Sqrt is correctly rounded (IEEE 754). Math.Log and Math.Cos come from the platform's C
    /// library; the mainstream ones (glibc, the Windows UCRT, Apple's libm) are accurate to within an
    /// ulp and agree on practically all inputs, and the float32 values that
    /// <see cref="FillNormal"/> stores hide any last-bit difference except with probability ~2^-29
    /// per value. The tests pin exact first values so a disagreement would show.
    /// </remarks>
    public double Normal()
    {
        double u1 = NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u1));
        return radius * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary><c>mean + std · Normal()</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or not finite.</exception>
    public double Normal(double mean, double std)
    {
        CheckStd(std);
        return mean + std * Normal();
    }

    /// <summary>
    /// Fills <paramref name="destination"/>, in index order, with <c>(float)(mean + std · Normal())</c>
    /// computed in double and rounded once.
    /// </summary>
    public void FillNormal(Span<float> destination, float mean, float std)
    {
        CheckStd(std);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(mean + (double)std * Normal());
        }
    }

    private static void CheckStd(double std)
    {
        if (!(std >= 0) || !double.IsFinite(std))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "A standard deviation must be finite and non-negative.");
        }
    }
}
