using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// RMSNorm over rows of width d, one row at a time while it is in L1: forward in two vector passes
/// (the sum of squares, then the output), backward in two (the row sum of ĝ·x̂, then the input
/// gradient), with only the per-row scale sqrt(mean(x²) + eps) kept instead of the normalised rows.
/// The forward computes the scale and the quotient exactly as <see cref="Ops.RootMeanSquare"/>,
/// <see cref="Ops.Div"/> and <see cref="Ops.Mul"/> do (the same dot product, a true division), so its
/// output has the same bits as that composition, which the hooked path falls back to. Rows are
/// independent and each is summed in a fixed order, so any split of rows over threads gives the
/// same bits; the weight gradient, which sums over rows, is summed per fixed block of rows and the
/// blocks added in order.
/// </summary>
internal static unsafe class RmsNormRows
{
    /// <summary>Rows per partial sum of the weight gradient (fixed: it sets the summation order).</summary>
    public const int GradientBlock = 64;

    /// <summary>Rows [r0, r1): y = x / scale · w (w may be null), scale = sqrt(mean(x²) + eps) stored per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(float* x, float* w, float* y, float* scale, int d, float eps, int r0, int r1)
    {
        int width = Vector<float>.Count;
        for (int r = r0; r < r1; r++)
        {
            float* xr = x + (nint)r * d, yr = y + (nint)r * d;
            var row = new ReadOnlySpan<float>(xr, d);
            float s = MathF.Sqrt(TensorPrimitives.Dot(row, row) / d + eps);
            scale[r] = s;
            var sv = new Vector<float>(s);
            int j = 0;
            for (; j + width <= d; j += width)
            {
                var v = Vector.Load(xr + j) / sv;
                (w != null ? v * Vector.Load(w + j) : v).Store(yr + j);
            }
            for (; j < d; j++)
            {
                float v = xr[j] / s;
                yr[j] = w != null ? v * w[j] : v;
            }
        }
    }

    /// <summary>
    /// Rows [r0, r1) of the backward: gx (+)= (ĝ − x̂·mean(ĝ·x̂))/scale with ĝ = g·w and x̂ = x/scale
    /// (added with <paramref name="accumulate"/>, else stored; skipped when gx is null); and, when
    /// not null, gw += Σ g·x̂ over these rows (the caller's per-block partial sum, zeroed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(float* x, float* w, float* g, float* scale, int d, int r0, int r1, float* gx, bool accumulate, float* gw)
    {
        int width = Vector<float>.Count;
        for (int r = r0; r < r1; r++)
        {
            float* xr = x + (nint)r * d, gr = g + (nint)r * d;
            float inv = 1f / scale[r];
            var iv = new Vector<float>(inv);
            var sumGX = Vector<float>.Zero;
            int j = 0;
            for (; j + width <= d; j += width)
            {
                var xhat = Vector.Load(xr + j) * iv;
                var gv = Vector.Load(gr + j);
                if (gw != null)
                {
                    Vector.FusedMultiplyAdd(gv, xhat, Vector.Load(gw + j)).Store(gw + j);
                }
                var ghat = w != null ? gv * Vector.Load(w + j) : gv;
                sumGX = Vector.FusedMultiplyAdd(ghat, xhat, sumGX);
            }
            float sum = Vector.Sum(sumGX);
            for (; j < d; j++)
            {
                float xhat = xr[j] * inv;
                if (gw != null)
                {
                    gw[j] = MathF.FusedMultiplyAdd(gr[j], xhat, gw[j]);
                }
                float ghat = w != null ? gr[j] * w[j] : gr[j];
                sum = MathF.FusedMultiplyAdd(ghat, xhat, sum);
            }
            if (gx == null)
            {
                continue;
            }
            float* gxr = gx + (nint)r * d;
            float meanGX = sum / d;
            var meanGXv = new Vector<float>(meanGX);
            j = 0;
            for (; j + width <= d; j += width)
            {
                var xhat = Vector.Load(xr + j) * iv;
                var ghat = w != null ? Vector.Load(gr + j) * Vector.Load(w + j) : Vector.Load(gr + j);
                var dx = (ghat - xhat * meanGXv) * iv;
                (accumulate ? Vector.Load(gxr + j) + dx : dx).Store(gxr + j);
            }
            for (; j < d; j++)
            {
                float xhat = xr[j] * inv;
                float ghat = w != null ? gr[j] * w[j] : gr[j];
                float dx = (ghat - xhat * meanGX) * inv;
                gxr[j] = accumulate ? gxr[j] + dx : dx;
            }
        }
    }
}
