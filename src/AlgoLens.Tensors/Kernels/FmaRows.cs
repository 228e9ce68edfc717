using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Runs of axpys onto one row held in registers: dst[c] = start[c] (or 0) + Σ_t w[t]·src[offsets[t] + c],
/// each term a fused multiply-add, in the order t = 0, 1, ... (so the same bits as the plain axpy
/// loop). Used where many weighted table rows are summed into one row, as in the table attention.
/// </summary>
internal static unsafe class FmaRows
{
    /// <summary>256 columns in 16 registers; <paramref name="start"/> may be null (zero) or equal to
    /// <paramref name="dst"/>. Needs Vector512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Strip256(float* dst, float* start, float* src, float* w, int* offsets, int count)
    {
        var a0 = start == null ? Vector512<float>.Zero : Vector512.Load(start);
        var a1 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 16);
        var a2 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 32);
        var a3 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 48);
        var a4 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 64);
        var a5 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 80);
        var a6 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 96);
        var a7 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 112);
        var a8 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 128);
        var a9 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 144);
        var a10 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 160);
        var a11 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 176);
        var a12 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 192);
        var a13 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 208);
        var a14 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 224);
        var a15 = start == null ? Vector512<float>.Zero : Vector512.Load(start + 240);
        for (int t = 0; t < count; t++)
        {
            var weight = Vector512.Create(w[t]);
            float* row = src + offsets[t];
            a0 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row), a0);
            a1 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 32), a2);
            a3 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 48), a3);
            a4 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 64), a4);
            a5 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 80), a5);
            a6 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 96), a6);
            a7 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 112), a7);
            a8 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 128), a8);
            a9 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 144), a9);
            a10 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 160), a10);
            a11 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 176), a11);
            a12 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 192), a12);
            a13 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 208), a13);
            a14 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 224), a14);
            a15 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 240), a15);
        }
        a0.Store(dst);
        a1.Store(dst + 16);
        a2.Store(dst + 32);
        a3.Store(dst + 48);
        a4.Store(dst + 64);
        a5.Store(dst + 80);
        a6.Store(dst + 96);
        a7.Store(dst + 112);
        a8.Store(dst + 128);
        a9.Store(dst + 144);
        a10.Store(dst + 160);
        a11.Store(dst + 176);
        a12.Store(dst + 192);
        a13.Store(dst + 208);
        a14.Store(dst + 224);
        a15.Store(dst + 240);
    }

    /// <summary>
    /// dst[c] = fma(w[t], src[offsets[t] + c], dst[c]) for t = 0..count−1 in order, for every c in
    /// [0, length): a run of axpys onto one row, with the row in registers between them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(float* dst, int length, float* src, float* w, int* offsets, int count)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Wide rows (a hidden-layer-wide table) in strips of 256: each strip is one pass over the source
            // rows, so fewer strips means fewer passes over sources that do not fit in cache.
            for (; c + 256 <= length; c += 256)
            {
                Strip256(dst + c, dst + c, src + c, w, offsets, count);
            }
            for (; c + 32 <= length; c += 32)
            {
                var a0 = Vector512.Load(dst + c);
                var a1 = Vector512.Load(dst + c + 16);
                for (int t = 0; t < count; t++)
                {
                    var weight = Vector512.Create(w[t]);
                    float* row = src + offsets[t] + c;
                    a0 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row), a0);
                    a1 = Vector512.FusedMultiplyAdd(weight, Vector512.Load(row + 16), a1);
                }
                a0.Store(dst + c);
                a1.Store(dst + c + 16);
            }
            for (; c + 16 <= length; c += 16)
            {
                var a0 = Vector512.Load(dst + c);
                for (int t = 0; t < count; t++)
                {
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[t]), Vector512.Load(src + offsets[t] + c), a0);
                }
                a0.Store(dst + c);
            }
        }
        for (; c < length; c++)
        {
            float acc = dst[c];
            for (int t = 0; t < count; t++)
            {
                acc = MathF.FusedMultiplyAdd(w[t], src[offsets[t] + c], acc);
            }
            dst[c] = acc;
        }
    }

    /// <summary>
    /// <see cref="Accumulate"/> onto dst, and with the same loads dots[t] = Σ_c src[offsets[t] + c]·table[c]:
    /// one pass over the source rows for a table row's gradient and its score gradients. The dots are
    /// summed in a fixed order (per 128 columns, 16 lanes, then across lanes and blocks).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateAndDot(float* dst, float* table, int length, float* src, float* w, int* offsets, int count, float* dots)
    {
        if (!Vector512.IsHardwareAccelerated || length % 128 != 0)
        {
            for (int t = 0; t < count; t++)
            {
                dots[t] = Kernels.SmallVector.Dot(new ReadOnlySpan<float>(src + offsets[t], length), new ReadOnlySpan<float>(table, length));
            }
            if (dst != null)
            {
                Accumulate(dst, length, src, w, offsets, count);
            }
            return;
        }
        for (int c = 0; c < length; c += 128)
        {
            var t0 = Vector512.Load(table + c);
            var t1 = Vector512.Load(table + c + 16);
            var t2 = Vector512.Load(table + c + 32);
            var t3 = Vector512.Load(table + c + 48);
            var t4 = Vector512.Load(table + c + 64);
            var t5 = Vector512.Load(table + c + 80);
            var t6 = Vector512.Load(table + c + 96);
            var t7 = Vector512.Load(table + c + 112);
            if (dst == null)
            {
                for (int t = 0; t < count; t++)
                {
                    float* row = src + offsets[t] + c;
                    var d0 = Vector512.Load(row) * t0;
                    var d1 = Vector512.Load(row + 16) * t1;
                    d0 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 32), t2, d0);
                    d1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 48), t3, d1);
                    d0 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 64), t4, d0);
                    d1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 80), t5, d1);
                    d0 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 96), t6, d0);
                    d1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 112), t7, d1);
                    float dot = Vector512.Sum(d0 + d1);
                    dots[t] = c == 0 ? dot : dots[t] + dot;
                }
                continue;
            }
            var a0 = Vector512.Load(dst + c);
            var a1 = Vector512.Load(dst + c + 16);
            var a2 = Vector512.Load(dst + c + 32);
            var a3 = Vector512.Load(dst + c + 48);
            var a4 = Vector512.Load(dst + c + 64);
            var a5 = Vector512.Load(dst + c + 80);
            var a6 = Vector512.Load(dst + c + 96);
            var a7 = Vector512.Load(dst + c + 112);
            for (int t = 0; t < count; t++)
            {
                float* row = src + offsets[t] + c;
                var weight = Vector512.Create(w[t]);
                var x0 = Vector512.Load(row);
                var x1 = Vector512.Load(row + 16);
                a0 = Vector512.FusedMultiplyAdd(weight, x0, a0);
                a1 = Vector512.FusedMultiplyAdd(weight, x1, a1);
                var d0 = x0 * t0;
                var d1 = x1 * t1;
                x0 = Vector512.Load(row + 32);
                x1 = Vector512.Load(row + 48);
                a2 = Vector512.FusedMultiplyAdd(weight, x0, a2);
                a3 = Vector512.FusedMultiplyAdd(weight, x1, a3);
                d0 = Vector512.FusedMultiplyAdd(x0, t2, d0);
                d1 = Vector512.FusedMultiplyAdd(x1, t3, d1);
                x0 = Vector512.Load(row + 64);
                x1 = Vector512.Load(row + 80);
                a4 = Vector512.FusedMultiplyAdd(weight, x0, a4);
                a5 = Vector512.FusedMultiplyAdd(weight, x1, a5);
                d0 = Vector512.FusedMultiplyAdd(x0, t4, d0);
                d1 = Vector512.FusedMultiplyAdd(x1, t5, d1);
                x0 = Vector512.Load(row + 96);
                x1 = Vector512.Load(row + 112);
                a6 = Vector512.FusedMultiplyAdd(weight, x0, a6);
                a7 = Vector512.FusedMultiplyAdd(weight, x1, a7);
                d0 = Vector512.FusedMultiplyAdd(x0, t6, d0);
                d1 = Vector512.FusedMultiplyAdd(x1, t7, d1);
                float dot = Vector512.Sum(d0 + d1);
                dots[t] = c == 0 ? dot : dots[t] + dot;
            }
            a0.Store(dst + c);
            a1.Store(dst + c + 16);
            a2.Store(dst + c + 32);
            a3.Store(dst + c + 48);
            a4.Store(dst + c + 64);
            a5.Store(dst + c + 80);
            a6.Store(dst + c + 96);
            a7.Store(dst + c + 112);
        }
    }
}
