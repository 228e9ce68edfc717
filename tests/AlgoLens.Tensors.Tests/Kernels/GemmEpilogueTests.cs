using AlgoLens.Tensors.Kernels;
using static AlgoLens.Tensors.Tests.Kernels.GemmTestData;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="Gemm.MultiplyWithEpilogue"/> gives exactly the bits of <see cref="Gemm.Multiply"/>
/// followed by the epilogue as a separate pass, on the direct and the packed paths, with one and
/// several K blocks, for any thread count.
/// </summary>
[Collection("Parallelism")]
public unsafe class GemmEpilogueTests
{
    // The separate pass the epilogue replaces: c = act(c + bias), ReLU keeping NaN; then c = 0 where
    // the mask is not positive (the ReLU backward, the mask being the activations).
    private static void Reference(float[] c, int m, int n, float[]? bias, bool relu, float[]? mask)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float v = bias is null ? c[i * n + j] : c[i * n + j] + bias[j];
                if (relu)
                {
                    v = MathF.Max(v, 0f); // IEEE maximum: NaN stays NaN
                }
                if (mask is not null && !(mask[i * n + j] > 0f))
                {
                    v = 0f;
                }
                c[i * n + j] = v;
            }
        }
    }

    [Theory]
    [InlineData(5, 7, 3, false)] // direct path
    [InlineData(13, 33, 20, true)] // direct path, accumulating
    [InlineData(130, 97, 128, false)] // packed, one K block, edge tiles
    [InlineData(301, 515, 300, true)] // packed, two K blocks, accumulating
    public void MatchesTheProductThenTheEpilogue(int m, int n, int k, bool accumulate)
    {
        var a = RandomValues(m * k, 1);
        var b = RandomValues(k * n, 2);
        var c0 = RandomValues(m * n, 3);
        var bias = RandomValues(n, 4);
        c0[0] = float.NaN; // survives ReLU as NaN, as TensorPrimitives.Max (the unfused ReLU) keeps it
        foreach (var (useBias, relu) in new[] { (true, true), (true, false), (false, true) })
        {
            foreach (int threads in new[] { 1, 3 })
            {
                using (ComputeContext.Use(new ComputeContext(threads)))
                {
                    var expected = (float[])c0.Clone();
                    Gemm.Multiply(false, false, m, n, k, a, k, b, n, expected, n, accumulate);
                    Reference(expected, m, n, useBias ? bias : null, relu, null);

                    var actual = (float[])c0.Clone();
                    fixed (float* pBias = bias)
                    {
                        Gemm.MultiplyWithEpilogue(false, false, m, n, k, a, k, b, n, actual, n, accumulate, GemmEpilogue.BiasActivation(useBias ? pBias : null, relu));
                    }

                    AssertBitwiseEqual(expected, actual, $"bias {useBias}, relu {relu}, {threads} threads");
                }
            }
        }
    }

    // Every kernel family: tiles 32, 16 and 8 columns wide start bits at different offsets in a word.
    public static IEnumerable<object[]> BitShapes() => KernelFamilies.Each(
    [
        [5, 13, 3], // direct path, words shared by columns of one tile
        [130, 97, 128], // packed, edge tiles, a partial last word
        [301, 515, 300], // packed, two K blocks, several words per row
    ], KernelFamilies.All);

    [SkippableTheory]
    [MemberData(nameof(BitShapes))]
    public void ReluBitsRecordWhereTheReluPassedAndMaskLikeTheActivations(string family, int m, int n, int k)
    {
        var isa = KernelFamilies.Require(family);
        var a = RandomValues(m * k, 6);
        var b = RandomValues(k * n, 7);
        var bias = RandomValues(n, 8);
        int words = GemmEpilogue.BitWordsPerRow(n);
        foreach (int threads in new[] { 1, 3 })
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads).WithKernelFamily(isa));
            var expected = new float[m * n];
            var actual = new float[m * n];
            var bits = new uint[m * words];
            fixed (float* pBias = bias)
            fixed (uint* pBits = bits)
            {
                Gemm.MultiplyWithEpilogue(false, false, m, n, k, a, k, b, n, expected, n, false, GemmEpilogue.BiasActivation(pBias, relu: true));
                Gemm.MultiplyWithEpilogue(false, false, m, n, k, a, k, b, n, actual, n, false, GemmEpilogue.BiasReluRecordingBits(pBias, pBits, words));
            }
            AssertBitwiseEqual(expected, actual, $"ReLU output with bits, {threads} threads");
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    bool bit = (bits[i * words + j / 32] & (1u << (j % 32))) != 0;
                    Assert.True(bit == expected[i * n + j] > 0f, $"bit ({i}, {j}) with {threads} threads");
                }
            }

            // The backward mask from the bits is the mask from the activations.
            var maskedByValues = new float[m * n];
            var maskedByBits = new float[m * n];
            Gemm.Multiply(false, true, m, n, k, a, k, b, k, maskedByValues, n, false);
            Reference(maskedByValues, m, n, null, relu: false, mask: expected);
            fixed (uint* pBits = bits)
            {
                Gemm.MultiplyWithEpilogue(false, true, m, n, k, a, k, b, k, maskedByBits, n, false, GemmEpilogue.BitMask(pBits, words));
            }
            AssertBitwiseEqual(maskedByValues, maskedByBits, $"masked product, {isa}, {threads} threads");
        }
    }

    [Fact]
    public void AppliesToEmptySumsToo()
    {
        // k = 0: C is 0 (not accumulating), then the epilogue: the bias, through ReLU.
        var c = new float[] { 9, 9, 9, 9 };
        var bias = new float[] { -1, 2 };
        fixed (float* pBias = bias)
        {
            Gemm.MultiplyWithEpilogue(false, false, 2, 2, 0, [], 1, [], 2, c, 2, accumulate: false, GemmEpilogue.BiasActivation(pBias, relu: true));
        }
        Assert.Equal([0f, 2f, 0f, 2f], c);
    }
}
