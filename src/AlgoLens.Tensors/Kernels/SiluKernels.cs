using System.Numerics;
using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// SiLU, x·σ(x), and its derivative σ(x)·(1 + x·(1 − σ(x))) in float32 vectors with the engine's own
/// exp (<see cref="VectorMath.Exp"/>). As in <see cref="GeluKernels"/>, every element goes through
/// the same lane code, vector body or padded tail, so results do not depend on how a caller splits
/// an array between threads or tiles.
/// </summary>
/// <remarks>σ is formed from e = exp(−|x|) only (1/(1 + e) for x ≥ 0, e/(1 + e) below), which cannot
/// overflow; where e would be below float's range (|x| &gt; 87.3) it is taken as 0.</remarks>
internal static class SiluKernels
{
    /// <summary>y[i] = silu(x[i]), and slope[i] = silu'(x[i]) when <paramref name="slope"/> is not null
    /// (y may be x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Forward(float* x, float* y, float* slope, int n)
    {
        int width = Vector<float>.Count;
        int i = 0;
        for (; i + width <= n; i += width)
        {
            One(x + i, y + i, slope == null ? null : slope + i);
        }
        if (i < n)
        {
            // The tail through a padded vector: the same lane code as the body.
            var tv = stackalloc float[width];
            var ts = stackalloc float[width];
            new Span<float>(tv, width).Clear();
            new Span<float>(x + i, n - i).CopyTo(new Span<float>(tv, width));
            One(tv, tv, slope == null ? null : ts);
            new Span<float>(tv, n - i).CopyTo(new Span<float>(y + i, n - i));
            if (slope != null)
            {
                new Span<float>(ts, n - i).CopyTo(new Span<float>(slope + i, n - i));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void One(float* source, float* target, float* slope)
    {
        var x = Vector.Load(source);
        var minusAbs = -Vector.Abs(x);
        var e = Vector.ConditionalSelect(Vector.LessThan(minusAbs, new Vector<float>(VectorMath.ExpMin)), Vector<float>.Zero, VectorMath.Exp(minusAbs));
        // σ(|x|) = 1/(1 + e) and σ(−|x|) = e/(1 + e); σ(x) is one of them and 1 − σ(x) the other, which
        // avoids forming 1 − σ by cancellation where σ is near 1.
        var large = Vector<float>.One / (Vector<float>.One + e);
        var small = e * large;
        var nonNegative = Vector.GreaterThanOrEqual(x, Vector<float>.Zero);
        var sigma = Vector.ConditionalSelect(nonNegative, large, small);
        (x * sigma).Store(target);
        if (slope != null)
        {
            var complement = Vector.ConditionalSelect(nonNegative, small, large);
            Vector.FusedMultiplyAdd(sigma * x, complement, sigma).Store(slope); // σ + x·σ·(1 − σ)
        }
    }
}
