using System.Numerics;
using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Lane-wise float functions on <see cref="Vector{T}"/> for the activation kernels, written out here
/// rather than taken from the runtime so that every lane of every call, vector body or padded tail,
/// any thread split, gives the same bits (and the same bits on every .NET version).
/// </summary>
internal static class VectorMath
{
    // Cephes expf: e^x = 2^n · e^r with n = round(x·log2 e) and r = x − n·ln 2 (ln 2 split in two so
    // r is exact), e^r by a degree-7 polynomial on |r| ≤ ln2/2: relative error about 1 ulp.
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float RoundMagic = 12582912f; // 1.5·2^23: adding it rounds to an integer

    /// <summary>Lowest argument <see cref="Exp"/> takes; below it the result is that of this (≈ 1.2e-38, still normal).</summary>
    public const float ExpMin = -87.3f;

    /// <summary>Highest argument <see cref="Exp"/> takes (≈ 1.7e38, finite: 2^n stays below 2^128).</summary>
    public const float ExpMax = 88f;

    /// <summary>e^x, with x clamped to [<see cref="ExpMin"/>, <see cref="ExpMax"/>] (no infinities or
    /// subnormals come out; callers that need 0 or ∞ beyond select them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(ExpMin)), new Vector<float>(ExpMax));
        var n = Vector.FusedMultiplyAdd(x, new Vector<float>(Log2E), new Vector<float>(RoundMagic)) - new Vector<float>(RoundMagic);
        var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-Ln2Hi), x);
        r = Vector.FusedMultiplyAdd(n, new Vector<float>(-Ln2Lo), r);
        var p = new Vector<float>(1.9875691500e-4f);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.3981999507e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(8.3334519073e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(4.1665795894e-2f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.6666665459e-1f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(5.0000001201e-1f));
        p = Vector.FusedMultiplyAdd(p, r * r, r + Vector<float>.One);
        // 2^n as a float's exponent field: n is in [-126, 128) after the clamp, so the field stays normal.
        var scale = Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23).As<int, float>();
        return p * scale;
    }
}
