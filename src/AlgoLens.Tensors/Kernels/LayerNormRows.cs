using System.Numerics;
using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// LayerNorm over rows of width d, one row at a time while it is in L1: forward in two vector passes
/// (sum, then the sum of squared deviations and the output), backward in two (the two row sums, then
/// the input gradient), with per-row statistics (mean, 1/σ) kept instead of the normalised rows.
/// Rows are independent and each is summed in a fixed order, so any split of rows over threads
/// gives the same bits; the weight and bias gradients, which sum over rows, are summed per fixed block
/// of rows and the blocks added in order.
/// </summary>
internal static unsafe class LayerNormRows
{
    /// <summary>Rows per partial sum of the weight and bias gradients (fixed: it sets the summation order).</summary>
    public const int GradientBlock = 64;

    /// <summary>Rows [r0, r1): y = (x − mean)/σ·w + b (w, b may be null); mean and 1/σ stored per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(float* x, float* w, float* b, float* y, float* mean, float* invStd, int d, float eps, int r0, int r1)
    {
        int width = Vector<float>.Count;
        for (int r = r0; r < r1; r++)
        {
            float* xr = x + (nint)r * d, yr = y + (nint)r * d;
            float m = Sum(xr, d) / d;
            var mv = new Vector<float>(m);
            var acc = Vector<float>.Zero;
            int j = 0;
            for (; j + width <= d; j += width)
            {
                var c = Vector.Load(xr + j) - mv;
                acc = Vector.FusedMultiplyAdd(c, c, acc);
            }
            float squares = Vector.Sum(acc);
            for (; j < d; j++)
            {
                float c = xr[j] - m;
                squares = MathF.FusedMultiplyAdd(c, c, squares);
            }
            float s = 1f / MathF.Sqrt(squares / d + eps);
            mean[r] = m;
            invStd[r] = s;
            var sv = new Vector<float>(s);
            j = 0;
            for (; j + width <= d; j += width)
            {
                var v = (Vector.Load(xr + j) - mv) * sv;
                if (w != null)
                {
                    v *= Vector.Load(w + j);
                }
                if (b != null)
                {
                    v += Vector.Load(b + j);
                }
                v.Store(yr + j);
            }
            for (; j < d; j++)
            {
                float v = (xr[j] - m) * s;
                v = w != null ? v * w[j] : v;
                yr[j] = b != null ? v + b[j] : v;
            }
        }
    }

    /// <summary>
    /// Rows [r0, r1) of the backward: gx (+)= (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/σ with ĝ = g·w (added
    /// with <paramref name="accumulate"/>, else stored; skipped when gx is null); and, when not null,
    /// gw += Σ g·x̂ and gb += Σ g over these rows (the caller's per-block partial sums, zeroed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(float* x, float* w, float* g, float* mean, float* invStd, int d, int r0, int r1,
        float* gx, bool accumulate, float* gw, float* gb)
    {
        int width = Vector<float>.Count;
        for (int r = r0; r < r1; r++)
        {
            float* xr = x + (nint)r * d, gr = g + (nint)r * d;
            var mv = new Vector<float>(mean[r]);
            var sv = new Vector<float>(invStd[r]);
            float m = mean[r], s = invStd[r];
            var sumG = Vector<float>.Zero;
            var sumGX = Vector<float>.Zero;
            int j = 0;
            for (; j + width <= d; j += width)
            {
                var xhat = (Vector.Load(xr + j) - mv) * sv;
                var gv = Vector.Load(gr + j);
                if (gw != null)
                {
                    Vector.FusedMultiplyAdd(gv, xhat, Vector.Load(gw + j)).Store(gw + j);
                }
                if (gb != null)
                {
                    (Vector.Load(gb + j) + gv).Store(gb + j);
                }
                var ghat = w != null ? gv * Vector.Load(w + j) : gv;
                sumG += ghat;
                sumGX = Vector.FusedMultiplyAdd(ghat, xhat, sumGX);
            }
            float s1 = Vector.Sum(sumG), s2 = Vector.Sum(sumGX);
            for (; j < d; j++)
            {
                float xhat = (xr[j] - m) * s;
                if (gw != null)
                {
                    gw[j] = MathF.FusedMultiplyAdd(gr[j], xhat, gw[j]);
                }
                if (gb != null)
                {
                    gb[j] += gr[j];
                }
                float ghat = w != null ? gr[j] * w[j] : gr[j];
                s1 += ghat;
                s2 = MathF.FusedMultiplyAdd(ghat, xhat, s2);
            }
            if (gx == null)
            {
                continue;
            }
            float* gxr = gx + (nint)r * d;
            float meanG = s1 / d, meanGX = s2 / d;
            var meanGv = new Vector<float>(meanG);
            var meanGXv = new Vector<float>(meanGX);
            j = 0;
            for (; j + width <= d; j += width)
            {
                var xhat = (Vector.Load(xr + j) - mv) * sv;
                var ghat = w != null ? Vector.Load(gr + j) * Vector.Load(w + j) : Vector.Load(gr + j);
                var dx = (ghat - meanGv - xhat * meanGXv) * sv;
                (accumulate ? Vector.Load(gxr + j) + dx : dx).Store(gxr + j);
            }
            for (; j < d; j++)
            {
                float xhat = (xr[j] - m) * s;
                float ghat = w != null ? gr[j] * w[j] : gr[j];
                float dx = (ghat - meanG - xhat * meanGX) * s;
                gxr[j] = accumulate ? gxr[j] + dx : dx;
            }
        }
    }

    private static float Sum(float* p, int n)
    {
        int width = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        int j = 0;
        for (; j + width <= n; j += width)
        {
            acc += Vector.Load(p + j);
        }
        float sum = Vector.Sum(acc);
        for (; j < n; j++)
        {
            sum += p[j];
        }
        return sum;
    }
}
