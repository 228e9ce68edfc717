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
}
