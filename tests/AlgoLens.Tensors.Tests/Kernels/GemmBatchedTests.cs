using AlgoLens.Tensors.Kernels;
using static AlgoLens.Tensors.Tests.Kernels.GemmTestData;

namespace AlgoLens.Tensors.Tests.Kernels;

public class GemmBatchedTests
{
    [Theory]
    [InlineData(5, false, false, 3, 32, 3, false)]     // attention: pattern·V
    [InlineData(400, false, true, 3, 3, 32, false)]    // attention: Q·Kᵀ, many tiny products
    [InlineData(400, true, false, 3, 32, 3, true)]     // attention backward: patternᵀ·dZ
    [InlineData(6, true, true, 33, 70, 129, true)]     // packed path per product
    [InlineData(3, false, false, 200, 150, 300, false)] // large products, threads inside each
    public void MultiplyBatched_EachProductMatchesMultiply(int batch, bool transA, bool transB, int m, int n, int k, bool accumulate)
    {
        int lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 2, ldc = n + 3;
        int sizeA = Extent(transA ? k : m, transA ? m : k, lda), sizeB = Extent(transB ? n : k, transB ? k : n, ldb);
        int sizeC = Extent(m, n, ldc);
        var a = RandomValues(batch * sizeA, 30);
        var b = RandomValues(batch * sizeB, 31);
        var c0 = RandomValues(batch * sizeC, 32);
        var c = (float[])c0.Clone();

        Gemm.MultiplyBatched(batch, transA, transB, m, n, k, a, lda, sizeA, b, ldb, sizeB, c, ldc, sizeC, accumulate);

        for (int i = 0; i < batch; i++)
        {
            var single = c0.AsSpan(i * sizeC, sizeC).ToArray();
            Gemm.Multiply(transA, transB, m, n, k, a.AsSpan(i * sizeA, sizeA), lda, b.AsSpan(i * sizeB, sizeB), ldb, single, ldc, accumulate);
            AssertBitwiseEqual(single, c.AsSpan(i * sizeC, sizeC).ToArray(), $"product {i}");
            AssertClose(transA, transB, m, n, k, a, i * sizeA, lda, b, i * sizeB, ldb, c0, c, i * sizeC, ldc, accumulate);
        }
    }

    [Theory]
    [InlineData(3, 32, 3)]
    [InlineData(40, 50, 60)]
    public void MultiplyBatched_StrideBZero_SharesB(int m, int n, int k)
    {
        const int batch = 9;
        var a = RandomValues(batch * m * k, 33);
        var b = RandomValues(k * n, 34);
        var c0 = new float[batch * m * n];
        var c = new float[batch * m * n];

        Gemm.MultiplyBatched(batch, false, false, m, n, k, a, k, m * k, b, n, 0, c, n, m * n, accumulate: false);

        for (int i = 0; i < batch; i++)
        {
            AssertClose(false, false, m, n, k, a, i * m * k, k, b, 0, n, c0, c, i * m * n, n, accumulate: false);
        }
    }

    [Fact]
    public void MultiplyBatched_InterleavedHeads_WritesEachHeadsColumns()
    {
        // Per-head products on a [pos, head, d_head] layout: C_h = X_h·W_h with X_h at column h·d_head.
        const int heads = 4, pos = 5, dIn = 6, dHead = 8;
        var x = RandomValues(pos * heads * dIn, 35);   // [pos, head, dIn]
        var w = RandomValues(heads * dIn * dHead, 36); // [head, dIn, dHead]
        var c0 = new float[pos * heads * dHead];
        var c = new float[pos * heads * dHead];  // [pos, head, dHead]

        Gemm.MultiplyBatched(heads, false, false, pos, dHead, dIn, x, heads * dIn, dIn, w, dHead, dIn * dHead,
            c, heads * dHead, dHead, accumulate: false);

        for (int h = 0; h < heads; h++)
        {
            AssertClose(false, false, pos, dHead, dIn, x, h * dIn, heads * dIn, w, h * dIn * dHead, dHead, c0, c, h * dHead, heads * dHead, false);
        }
    }

    [Fact]
    public void MultiplyBatched_KZero_ClearsEveryProduct()
    {
        var c = RandomValues(2 * 12, 37);

        Gemm.MultiplyBatched(2, false, false, 3, 4, 0, [], 0, 0, [], 4, 0, c, 4, 12, accumulate: false);

        Assert.All(c, x => Assert.Equal(0f, x));
    }
}
