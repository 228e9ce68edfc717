using System.Runtime.Intrinsics;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary><see cref="FmaRows"/> against the plain loop of fused multiply-adds it replaces: the same bits.</summary>
public unsafe class FmaRowsTests
{
    [SkippableTheory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(37, false)]
    [InlineData(37, true)]
    public void Strip256HasTheBitsOfThePlainLoop(int count, bool fromStart)
    {
        // Strip256 is only called with Vector512; TableAttentionTests cover the other paths.
        Skip.IfNot(Vector512.IsHardwareAccelerated, "FmaRows.Strip256 runs only where Vector512 is hardware-accelerated (AVX-512), which it is not on this machine");
        var rng = new System.Random(count);
        var source = Enumerable.Range(0, 40 * 300).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var weights = Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var offsets = Enumerable.Range(0, count).Select(_ => rng.Next(40) * 300 + rng.Next(40)).ToArray();
        var start = Enumerable.Range(0, 256).Select(_ => (float)rng.NextDouble()).ToArray();
        var expected = new float[256];
        for (int c = 0; c < 256; c++)
        {
            float acc = fromStart ? start[c] : 0f;
            for (int t = 0; t < count; t++)
            {
                acc = MathF.FusedMultiplyAdd(weights[t], source[offsets[t] + c], acc);
            }
            expected[c] = acc;
        }
        var actual = fromStart ? (float[])start.Clone() : new float[256];
        fixed (float* pActual = actual)
        fixed (float* pSource = source)
        fixed (float* pWeights = weights)
        fixed (int* pOffsets = offsets)
        {
            FmaRows.Strip256(pActual, fromStart ? pActual : null, pSource, pWeights, pOffsets, count);
        }
        Assert.Equal(expected, actual);
    }
}
