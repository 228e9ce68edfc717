using System.Numerics;
using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>Which GELU: the exact x·Φ(x) (erf) or its tanh approximation ("gelu_new").</summary>
internal enum GeluForm
{
    /// <summary>x·Φ(x) = 0.5·x·(1 + erf(x/√2)), PyTorch's "gelu".</summary>
    Erf,

    /// <summary>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), "gelu_new".</summary>
    Tanh,
}

/// <summary>
/// GELU and its derivative in float32 vectors. Each element is computed by the same lane code
/// whether it falls in a vector body or a tail (tails go through a padded vector), so results do not
/// depend on how a caller splits an array between threads or tiles.
/// </summary>
/// <remarks>
/// Erf form: Φ(x) = ½·erfc(−x/√2), with erfc from the Chebyshev fit of Numerical Recipes (erfcc,
/// fractional error below 1.2e-7 for every argument): erfc(a) = t·exp(−a² + P(t)), t = 1/(1 + a/2).
/// Using erfc for the negative side keeps Φ's relative accuracy in the far left tail, where 1 + erf
/// would cancel. Tanh form: ½(1 + tanh u) = σ(2u) exactly, so y = x·σ(2u) with one exp and no
/// cancellation. Against a float64 evaluation both stay within a few float32 ulps of y and of y'.
/// </remarks>
internal static class GeluKernels
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;
    private const float SqrtTwoOverPi = 0.7978845608028654f;
    private const float Cubic = 0.044715f;

    /// <summary>y[i] = gelu(x[i]).</summary>
    public static unsafe void Forward(GeluForm form, ReadOnlySpan<float> x, Span<float> y)
    {
        fixed (float* px = x)
        fixed (float* py = y)
        {
            Lanes(form, px, py, null, x.Length);
        }
    }

    /// <summary>y[i] = gelu(x[i]) and derivative[i] = gelu'(x[i]), the same bits as <see cref="Backward"/>'s slope.</summary>
    public static unsafe void Forward(GeluForm form, ReadOnlySpan<float> x, Span<float> y, Span<float> derivative)
    {
        fixed (float* px = x)
        fixed (float* py = y)
        fixed (float* pd = derivative)
        {
            Lanes(form, px, py, pd, x.Length);
        }
    }

    /// <summary>gx[i] (+)= g[i]·derivative[i] (a stored slope): added with <paramref name="accumulate"/>
    /// (one fused multiply-add, as <see cref="Backward"/>), else stored.</summary>
    public static void BackwardFromDerivative(ReadOnlySpan<float> derivative, ReadOnlySpan<float> g, Span<float> gx, bool accumulate)
    {
        int width = Vector<float>.Count;
        int n = g.Length, i = 0;
        for (; i + width <= n; i += width)
        {
            var d = new Vector<float>(derivative[i..]);
            var gv = new Vector<float>(g[i..]);
            (accumulate ? Vector.FusedMultiplyAdd(gv, d, new Vector<float>(gx[i..])) : gv * d).CopyTo(gx[i..]);
        }
        for (; i < n; i++)
        {
            gx[i] = accumulate ? MathF.FusedMultiplyAdd(g[i], derivative[i], gx[i]) : g[i] * derivative[i];
        }
    }

    /// <summary>y[i] = gelu(x[i]), and derivative[i] = gelu'(x[i]) when <paramref name="derivative"/> is not null (y may be x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Forward(GeluForm form, float* x, float* y, float* derivative, int n) => Lanes(form, x, y, derivative, n);

    /// <summary>In place: v[i] = gelu(v[i]), and derivative[i] = gelu'(v[i]) when <paramref name="derivative"/> is not null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ForwardInPlace(GeluForm form, float* v, float* derivative, int n) => Lanes(form, v, v, derivative, n);

    /// <summary>gx[i] (+)= g[i]·gelu'(x[i]): added with <paramref name="accumulate"/>, else stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Backward(GeluForm form, ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gx, bool accumulate)
    {
        int width = Vector<float>.Count;
        int n = x.Length;
        fixed (float* px = x)
        fixed (float* pg = g)
        fixed (float* pgx = gx)
        {
            int i = 0;
            for (; i + width <= n; i += width)
            {
                OneBackward(form, px + i, pg + i, pgx + i, accumulate);
            }
            if (i < n)
            {
                var tx = stackalloc float[width];
                var tg = stackalloc float[width];
                var tgx = stackalloc float[width];
                var rest = new Span<float>(tx, width);
                rest.Clear();
                new Span<float>(tg, width).Clear();
                new Span<float>(tgx, width).Clear();
                new Span<float>(px + i, n - i).CopyTo(rest);
                new Span<float>(pg + i, n - i).CopyTo(new Span<float>(tg, width));
                new Span<float>(pgx + i, n - i).CopyTo(new Span<float>(tgx, width));
                OneBackward(form, tx, tg, tgx, accumulate);
                new Span<float>(tgx, n - i).CopyTo(new Span<float>(pgx + i, n - i));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void OneBackward(GeluForm form, float* x, float* g, float* gx, bool accumulate)
    {
        var v = Vector.Load(x);
        Vector<float> slope;
        if (form == GeluForm.Erf)
        {
            Erf(v, true, out _, out slope);
        }
        else
        {
            Tanh(v, true, out _, out slope);
        }
        var gv = Vector.Load(g);
        (accumulate ? Vector.FusedMultiplyAdd(gv, slope, Vector.Load(gx)) : gv * slope).Store(gx);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Lanes(GeluForm form, float* x, float* y, float* derivative, int n)
    {
        int width = Vector<float>.Count;
        int i = 0;
        for (; i + width <= n; i += width)
        {
            One(form, x + i, y + i, derivative == null ? null : derivative + i);
        }
        if (i < n)
        {
            // The tail through a padded vector: the same lane code as the body.
            var tx = stackalloc float[width];
            var ty = stackalloc float[width];
            var td = stackalloc float[width];
            new Span<float>(tx, width).Clear();
            new Span<float>(x + i, n - i).CopyTo(new Span<float>(tx, width));
            One(form, tx, ty, derivative == null ? null : td);
            new Span<float>(ty, n - i).CopyTo(new Span<float>(y + i, n - i));
            if (derivative != null)
            {
                new Span<float>(td, n - i).CopyTo(new Span<float>(derivative + i, n - i));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void One(GeluForm form, float* x, float* y, float* derivative)
    {
        var v = Vector.Load(x);
        Vector<float> value, slope;
        if (form == GeluForm.Erf)
        {
            Erf(v, derivative != null, out value, out slope);
        }
        else
        {
            Tanh(v, derivative != null, out value, out slope);
        }
        value.Store(y);
        if (derivative != null)
        {
            slope.Store(derivative);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Erf(Vector<float> x, bool withSlope, out Vector<float> y, out Vector<float> slope)
    {
        var a = Vector.Abs(x) * new Vector<float>(InvSqrt2);
        var t = Vector<float>.One / Vector.FusedMultiplyAdd(a, new Vector<float>(0.5f), Vector<float>.One);
        var p = new Vector<float>(0.17087277f);
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(-0.82215223f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(1.48851587f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(-1.13520398f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(0.27886807f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(-0.18628806f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(0.09678418f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(0.37409196f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(1.00002368f));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<float>(-1.26551223f));
        var exponent = Vector.FusedMultiplyAdd(-a, a, p);
        // Past exp's range erfc is below 1e-38: 0 (and NaN stays NaN through the select).
        var erfc = Vector.ConditionalSelect(Vector.LessThan(exponent, new Vector<float>(VectorMath.ExpMin)), Vector<float>.Zero, t * VectorMath.Exp(exponent));
        var halfErfc = erfc * new Vector<float>(0.5f);
        var phi = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero), Vector<float>.One - halfErfc, halfErfc);
        y = x * phi;
        if (!withSlope)
        {
            slope = default;
            return;
        }
        var square = -a * a; // −x²/2
        var density = Vector.ConditionalSelect(Vector.LessThan(square, new Vector<float>(VectorMath.ExpMin)), Vector<float>.Zero,
            VectorMath.Exp(square) * new Vector<float>(InvSqrt2Pi));
        slope = Vector.FusedMultiplyAdd(x, density, phi); // Φ(x) + x·φ(x)
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tanh(Vector<float> x, bool withSlope, out Vector<float> y, out Vector<float> slope)
    {
        var x2 = x * x;
        var inner = Vector.FusedMultiplyAdd(x2, new Vector<float>(Cubic), Vector<float>.One); // 1 + 0.044715·x²
        var minusTwoU = x * inner * new Vector<float>(-2f * SqrtTwoOverPi);
        // σ(2u) = 1/(1 + e^(−2u)); where e^(−2u) would overflow σ is below 1e-38: 0.
        var sigma = Vector.ConditionalSelect(Vector.GreaterThan(minusTwoU, new Vector<float>(VectorMath.ExpMax)), Vector<float>.Zero,
            Vector<float>.One / (Vector<float>.One + VectorMath.Exp(minusTwoU)));
        y = x * sigma;
        if (!withSlope)
        {
            slope = default;
            return;
        }
        // d/dx x·σ(2u) = σ + x·σ(1 − σ)·2u', u' = √(2/π)(1 + 3·0.044715·x²)
        var du = Vector.FusedMultiplyAdd(x2, new Vector<float>(3f * Cubic), Vector<float>.One) * new Vector<float>(2f * SqrtTwoOverPi);
        slope = Vector.FusedMultiplyAdd(x * sigma * (Vector<float>.One - sigma), du, sigma);
    }
}
