using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Attention for one (batch entry, head) block at a time, in cache: the head's keys (or values)
/// transposed once into a [d_head, keys] scratch so that a query's scores against 16 keys are one
/// register (a broadcast of each q element times a row of the transposed keys), four queries at a
/// time so eight independent FMA chains hide the latency; weighted sums (pattern·v, and in the
/// backward dS·k, Pᵀ·dz, dSᵀ·q) accumulate in registers over the summed index and are written once.
/// Row-major [rows, width] operands with the head at column <c>offset</c>, d_head a multiple of 16
/// (Vector512); callers check <see cref="Supports"/>.
/// </summary>
/// <remarks>
/// Each sum runs over its index in increasing order, whatever the threads, so results are the
/// same for any thread count. Entries past a query's last visible key are zero in the pattern and
/// in dS, so sums over a group of queries may run to the group's longest row: adding 0·x to a
/// finite sum leaves it unchanged.
/// </remarks>
internal static unsafe class AttentionBlockKernels
{
    private const int Lanes = 16;

    [ThreadStatic]
    private static float[]? scratch;

    /// <summary>Whether these kernels run for heads of <paramref name="dh"/> on this machine.</summary>
    public static bool Supports(int dh) => Vector512.IsHardwareAccelerated && dh % Lanes == 0 && dh > 0;

    /// <summary>Keys rounded up to whole registers: the row stride of the transposed scratch and of the score rows.</summary>
    public static int PaddedKeys(int keys) => (keys + Lanes - 1) / Lanes * Lanes;

    /// <summary>A per-thread scratch of at least <paramref name="length"/> floats (contents unspecified).</summary>
    public static float[] Scratch(int length)
    {
        var s = scratch;
        if (s is null || s.Length < length)
        {
            scratch = s = new float[Math.Max(length, 4096)];
        }
        return s;
    }

    /// <summary>t[d·stride + j] = x[j·width + offset + d] for j &lt; keys, zero for keys ≤ j &lt; stride.</summary>
    public static void Transpose(float* x, int width, int offset, int keys, int dh, float* t, int stride)
    {
        for (int d = 0; d < dh; d++)
        {
            float* row = t + (long)d * stride;
            float* src = x + offset + d;
            for (int j = 0; j < keys; j++)
            {
                row[j] = src[(long)j * width];
            }
            for (int j = keys; j < stride; j++)
            {
                row[j] = 0f;
            }
        }
    }

    /// <summary>
    /// s[i·stride + j] = a_i · t[:, j] for queries i (rows of <paramref name="a"/>, [*, width] at
    /// <paramref name="offset"/>), j over whole registers up to <paramref name="visible"/>(i) (the
    /// rest of the row is not written): scores q·kᵀ, or dP = dz·vᵀ in the backward.
    /// </summary>
    public static void RowsTimesTransposed(float* a, int width, int offset, int rows, int dh, float* t, int stride, float* s, ReadOnlySpan<int> visible)
    {
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            int blocks = (Math.Max(Math.Max(visible[i], visible[i + 1]), Math.Max(visible[i + 2], visible[i + 3])) + Lanes - 1) / Lanes;
            float* a0 = a + (long)i * width + offset, a1 = a0 + width, a2 = a1 + width, a3 = a2 + width;
            for (int jb = 0; jb < blocks; jb++)
            {
                var acc0 = Vector512<float>.Zero;
                var acc1 = Vector512<float>.Zero;
                var acc2 = Vector512<float>.Zero;
                var acc3 = Vector512<float>.Zero;
                float* tc = t + jb * Lanes;
                for (int d = 0; d < dh; d++)
                {
                    var kv = Vector512.Load(tc + (long)d * stride);
                    acc0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[d]), kv, acc0);
                    acc1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[d]), kv, acc1);
                    acc2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[d]), kv, acc2);
                    acc3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[d]), kv, acc3);
                }
                float* out0 = s + (long)i * stride + jb * Lanes;
                acc0.Store(out0);
                acc1.Store(out0 + stride);
                acc2.Store(out0 + 2 * stride);
                acc3.Store(out0 + 3 * stride);
            }
        }
        for (; i < rows; i++)
        {
            int blocks = (visible[i] + Lanes - 1) / Lanes;
            float* a0 = a + (long)i * width + offset;
            for (int jb = 0; jb < blocks; jb++)
            {
                var acc = Vector512<float>.Zero;
                float* tc = t + jb * Lanes;
                for (int d = 0; d < dh; d++)
                {
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(a0[d]), Vector512.Load(tc + (long)d * stride), acc);
                }
                acc.Store(s + (long)i * stride + jb * Lanes);
            }
        }
    }

    /// <summary>
    /// out_i (+)= Σ_{j &lt; visible(i)} w[i·wStride + j] · x_j for rows i of the result ([*, width] at
    /// <paramref name="offset"/>), x_j the rows of <paramref name="x"/> (same layout): pattern·v, or dS·k.
    /// With <paramref name="accumulate"/> the sums are added to what is there.
    /// </summary>
    public static void WeightsTimesRows(float* w, int wStride, int rows, ReadOnlySpan<int> visible, float* x, int width, int offset, int dh, float* output, bool accumulate)
    {
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            int keys = Math.Max(Math.Max(visible[i], visible[i + 1]), Math.Max(visible[i + 2], visible[i + 3]));
            float* w0 = w + (long)i * wStride, w1 = w0 + wStride, w2 = w1 + wStride, w3 = w2 + wStride;
            for (int c = 0; c < dh; c += Lanes)
            {
                var acc0 = Vector512<float>.Zero;
                var acc1 = Vector512<float>.Zero;
                var acc2 = Vector512<float>.Zero;
                var acc3 = Vector512<float>.Zero;
                float* xc = x + offset + c;
                for (int j = 0; j < keys; j++)
                {
                    var xv = Vector512.Load(xc + (long)j * width);
                    acc0 = Vector512.FusedMultiplyAdd(Vector512.Create(w0[j]), xv, acc0);
                    acc1 = Vector512.FusedMultiplyAdd(Vector512.Create(w1[j]), xv, acc1);
                    acc2 = Vector512.FusedMultiplyAdd(Vector512.Create(w2[j]), xv, acc2);
                    acc3 = Vector512.FusedMultiplyAdd(Vector512.Create(w3[j]), xv, acc3);
                }
                float* o = output + (long)i * width + offset + c;
                Put(o, acc0, accumulate);
                Put(o + width, acc1, accumulate);
                Put(o + 2L * width, acc2, accumulate);
                Put(o + 3L * width, acc3, accumulate);
            }
        }
        for (; i < rows; i++)
        {
            float* w0 = w + (long)i * wStride;
            for (int c = 0; c < dh; c += Lanes)
            {
                var acc = Vector512<float>.Zero;
                float* xc = x + offset + c;
                for (int j = 0; j < visible[i]; j++)
                {
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(w0[j]), Vector512.Load(xc + (long)j * width), acc);
                }
                Put(output + (long)i * width + offset + c, acc, accumulate);
            }
        }
    }

    /// <summary>
    /// The key side of the backward: for keys j &lt; <paramref name="keys"/>, gv_j += Σ_i P[i, j]·dz_i
    /// and gk_j += Σ_i dS[i, j]·q_i over the queries that see key j (either output may be null).
    /// P [queries, pStride] and dS [queries, dsStride] hold zeros past each query's last visible key.
    /// </summary>
    public static void KeyGradients(float* p, int pStride, float* ds, int dsStride, int queries, ReadOnlySpan<int> visible, int keys,
        float* dz, float* q, int qWidth, float* gv, float* gk, int kvWidth, int offset, int dh)
    {
        for (int j0 = 0; j0 < keys; j0 += 4)
        {
            int n = Math.Min(4, keys - j0);
            for (int c = 0; c < dh; c += Lanes)
            {
                var v0 = Vector512<float>.Zero;
                var v1 = Vector512<float>.Zero;
                var v2 = Vector512<float>.Zero;
                var v3 = Vector512<float>.Zero;
                var k0 = Vector512<float>.Zero;
                var k1 = Vector512<float>.Zero;
                var k2 = Vector512<float>.Zero;
                var k3 = Vector512<float>.Zero;
                for (int i = 0; i < queries; i++)
                {
                    if (visible[i] <= j0)
                    {
                        continue; // sees none of these keys: all its weights here are zero
                    }
                    var dzv = Vector512.Load(dz + (long)i * qWidth + offset + c);
                    var qv = Vector512.Load(q + (long)i * qWidth + offset + c);
                    float* pr = p + (long)i * pStride + j0;
                    float* dr = ds + (long)i * dsStride + j0;
                    v0 = Vector512.FusedMultiplyAdd(Vector512.Create(pr[0]), dzv, v0);
                    k0 = Vector512.FusedMultiplyAdd(Vector512.Create(dr[0]), qv, k0);
                    if (n > 1)
                    {
                        v1 = Vector512.FusedMultiplyAdd(Vector512.Create(pr[1]), dzv, v1);
                        k1 = Vector512.FusedMultiplyAdd(Vector512.Create(dr[1]), qv, k1);
                    }
                    if (n > 2)
                    {
                        v2 = Vector512.FusedMultiplyAdd(Vector512.Create(pr[2]), dzv, v2);
                        k2 = Vector512.FusedMultiplyAdd(Vector512.Create(dr[2]), qv, k2);
                    }
                    if (n > 3)
                    {
                        v3 = Vector512.FusedMultiplyAdd(Vector512.Create(pr[3]), dzv, v3);
                        k3 = Vector512.FusedMultiplyAdd(Vector512.Create(dr[3]), qv, k3);
                    }
                }
                long at = (long)j0 * kvWidth + offset + c;
                if (gv is not null)
                {
                    AddTo(gv + at, v0);
                    if (n > 1) { AddTo(gv + at + kvWidth, v1); }
                    if (n > 2) { AddTo(gv + at + 2L * kvWidth, v2); }
                    if (n > 3) { AddTo(gv + at + 3L * kvWidth, v3); }
                }
                if (gk is not null)
                {
                    AddTo(gk + at, k0);
                    if (n > 1) { AddTo(gk + at + kvWidth, k1); }
                    if (n > 2) { AddTo(gk + at + 2L * kvWidth, k2); }
                    if (n > 3) { AddTo(gk + at + 3L * kvWidth, k3); }
                }
            }
        }
    }

    /// <summary>
    /// p[j] = softmax_j(scale · s[j]) over the visible keys j &lt; <paramref name="visible"/>, and zero for
    /// visible ≤ j &lt; the row's whole registers; <paramref name="s"/> holds scores up to there (as
    /// <see cref="RowsTimesTransposed"/> leaves them). Whole registers with the hidden lanes masked;
    /// e^x by <see cref="VectorMath.Exp"/>, so every row of every call and thread rounds alike.
    /// </summary>
    public static void ScaledSoftmaxRow(float* s, float* p, int visible, float scale)
    {
        int blocks = (visible + Lanes - 1) / Lanes;
        var lane = Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var max = Vector512.Create(float.NegativeInfinity);
        for (int c = 0; c < blocks; c++)
        {
            var shown = Vector512.LessThan(lane, Vector512.Create((float)(visible - c * Lanes)));
            max = Vector512.Max(max, Vector512.ConditionalSelect(shown, Vector512.Load(s + c * Lanes) * scale, Vector512.Create(float.NegativeInfinity)));
        }
        var rowMax = Vector512.Create(HorizontalMax(max));
        var sum = Vector512<float>.Zero;
        for (int c = 0; c < blocks; c++)
        {
            var shown = Vector512.LessThan(lane, Vector512.Create((float)(visible - c * Lanes)));
            var x = Vector512.Load(s + c * Lanes) * scale - rowMax;
            var e = Vector512.ConditionalSelect(shown, Exp(x), Vector512<float>.Zero);
            e.Store(p + c * Lanes);
            sum += e;
        }
        var inverse = Vector512.Create(1f / Vector512.Sum(sum));
        for (int c = 0; c < blocks; c++)
        {
            (Vector512.Load(p + c * Lanes) * inverse).Store(p + c * Lanes);
        }
    }

    /// <summary>
    /// The softmax backward of a row, in place: ds[j] = p[j]·(dP[j] − Σ p·dP)·scale for the visible keys,
    /// zero for the rest of the row (<paramref name="stride"/>); p is zero past the visible keys and dP
    /// finite up to their whole registers.
    /// </summary>
    public static void SoftmaxBackwardRow(float* p, float* ds, int visible, int stride, float scale)
    {
        int blocks = (visible + Lanes - 1) / Lanes;
        var dotAcc = Vector512<float>.Zero;
        for (int c = 0; c < blocks; c++)
        {
            dotAcc = Vector512.FusedMultiplyAdd(Vector512.Load(p + c * Lanes), Vector512.Load(ds + c * Lanes), dotAcc);
        }
        var dot = Vector512.Create(Vector512.Sum(dotAcc));
        var scaleV = Vector512.Create(scale);
        for (int c = 0; c < blocks; c++)
        {
            (Vector512.Load(p + c * Lanes) * (Vector512.Load(ds + c * Lanes) - dot) * scaleV).Store(ds + c * Lanes);
        }
        new Span<float>(ds + blocks * Lanes, stride - blocks * Lanes).Clear();
    }

    private static float HorizontalMax(Vector512<float> v)
    {
        var m = Vector256.Max(v.GetLower(), v.GetUpper());
        var n = Vector128.Max(m.GetLower(), m.GetUpper());
        float r = n[0];
        for (int i = 1; i < 4; i++)
        {
            r = MathF.Max(r, n[i]);
        }
        return r;
    }

    // VectorMath.Exp on both halves of a 512-bit register (Vector<float> is 256 bits by default).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x)
    {
        if (Vector<float>.Count == 16)
        {
            return VectorMath.Exp(x.AsVector()).AsVector512();
        }
        var lower = VectorMath.Exp(x.GetLower().AsVector()).AsVector256();
        var upper = VectorMath.Exp(x.GetUpper().AsVector()).AsVector256();
        return Vector512.Create(lower, upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* at, Vector512<float> value, bool accumulate) =>
        (accumulate ? Vector512.Load(at) + value : value).Store(at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(float* at, Vector512<float> value) => (Vector512.Load(at) + value).Store(at);
}
