using System.Numerics;
using System.Runtime.InteropServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>Elementwise kernels that System.Numerics.Tensors has no single call for.</summary>
internal static class Elementwise
{
    private const int Grain = 1 << 15;

    /// <summary>target[i] += g[i] where mask[i] &gt; 0 (ReLU's backward, reading its output as the mask).</summary>
    public static void AddWherePositive(float[] g, float[] mask, float[] target)
    {
        Parallelism.ForRanges(g.Length, Grain, (start, end) =>
        {
            var gv = MemoryMarshal.Cast<float, Vector<float>>(g.AsSpan(start, end - start));
            var mv = MemoryMarshal.Cast<float, Vector<float>>(mask.AsSpan(start, end - start));
            var tv = MemoryMarshal.Cast<float, Vector<float>>(target.AsSpan(start, end - start));
            for (int i = 0; i < gv.Length; i++)
            {
                tv[i] += Vector.ConditionalSelect(Vector.GreaterThan(mv[i], Vector<float>.Zero), gv[i], Vector<float>.Zero);
            }
            for (int i = start + gv.Length * Vector<float>.Count; i < end; i++)
            {
                if (mask[i] > 0f)
                {
                    target[i] += g[i];
                }
            }
        });
    }
}
