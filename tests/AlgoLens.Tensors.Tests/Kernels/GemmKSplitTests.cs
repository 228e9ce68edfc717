using AlgoLens.Tensors.Kernels;
using static AlgoLens.Tensors.Tests.Kernels.GemmTestData;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// Small-C, long-K products (weight gradients) cut along K (<see cref="GemmKSplit{TK}"/>) give the
/// documented summation order bit for bit, with any thread count and with an epilogue.
/// </summary>
[Collection("Parallelism")]
public unsafe class GemmKSplitTests
{
    // Only the vector families cut along K; each is a case of its own, skipped where the CPU lacks it.
    public static IEnumerable<object[]> Shapes() => KernelFamilies.Each(
    [
        [true, false, 128, 113, 3830, false], // the unembedding's weight gradient
        [true, false, 128, 113, 3830, true],
        [false, true, 50, 70, 1100, true], // a short last K block, both operands strided
        [false, false, 12, 32, 1024, false], // exact tiles, four whole K blocks
    ], GemmIsa.Avx512, GemmIsa.Avx2);

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void MatchesTheDocumentedOrder(string family, bool transA, bool transB, int m, int n, int k, bool accumulate)
    {
        var isa = KernelFamilies.Require(family);
        int lda = transA ? m : k, ldb = transB ? k : n;
        var a = RandomValues(m * k, 31);
        var b = RandomValues(k * n, 32);
        var c0 = RandomValues(m * n, 33);
        var expected = OrderReference(transA, transB, m, n, k, a, lda, b, ldb, c0, n, accumulate);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads).WithKernelFamily(isa));
            var c = (float[])c0.Clone();
            Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate);
            AssertBitwiseEqual(expected, c, $"{isa}, {threads} threads");
        }
    }

    [Fact]
    public void TheUnembeddingGradientTakesTheKSplitPath()
    {
        fixed (float* p = new float[1])
        {
            var product = new GemmProblem(true, false, 128, 113, 3830, p, 128, p, 113, p, 113, accumulate: true);
            Assert.True(GemmKSplit<GemmKernelAvx512>.Suits(in product, 2));
            Assert.True(GemmKSplit<GemmKernelAvx2>.Suits(in product, 2));
            Assert.False(GemmKSplit<GemmKernelAvx512>.Suits(in product, 1));
            var wide = new GemmProblem(true, false, 128, 512, 3830, p, 128, p, 512, p, 512, accumulate: true);
            Assert.False(GemmKSplit<GemmKernelAvx512>.Suits(in wide, 2));
        }
    }

    [Fact]
    public void TheEpilogueRunsOnceOnTheFinishedSums()
    {
        const int m = 40, n = 64, k = 2000;
        var a = RandomValues(m * k, 41);
        var b = RandomValues(k * n, 42);
        var bias = RandomValues(n, 43);
        var expected = OrderReference(false, false, m, n, k, a, k, b, n, new float[m * n], n, false);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                expected[i * n + j] = MathF.Max(expected[i * n + j] + bias[j], 0f);
            }
        }
        using (ComputeContext.Use(new ComputeContext(2)))
        {
            var c = new float[m * n];
            fixed (float* pBias = bias)
            {
                Gemm.MultiplyWithEpilogue(false, false, m, n, k, a, k, b, n, c, n, false, GemmEpilogue.BiasActivation(pBias, relu: true));
            }
            AssertBitwiseEqual(expected, c, "bias + ReLU after the K-split sums");
        }
    }
}
