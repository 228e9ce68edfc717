namespace AlgoLens.Models;

/// <summary>
/// Size arithmetic that saturates at <see cref="long.MaxValue"/> instead of wrapping, for estimates
/// from configs that may claim absurd sizes (a wrapped product would look small and pass a check).
/// </summary>
internal static class SaturatingSize
{
    /// <summary>a + b for non-negative a and b, or <see cref="long.MaxValue"/> past it.</summary>
    public static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>a · b for non-negative a and b, or <see cref="long.MaxValue"/> past it.</summary>
    public static long Product(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}
