using AlgoLens.Tensors.Kernels;
using static AlgoLens.Tensors.Tests.Kernels.GemmTestData;

namespace AlgoLens.Tensors.Tests.Kernels;

public class GemmTests
{
    /// <summary>
    /// Every transpose combination over the edge sizes: the cube diagonal plus a seeded sample of
    /// mixed shapes, with padded leading dimensions and both accumulate modes.
    /// </summary>
    public static TheoryData<bool, bool, int, int, int, int, bool> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int, int, bool>();
        var rng = new System.Random(12345);
        int row = 0;
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach (int s in Sizes)
                {
                    data.Add(transA, transB, s, s, s, row % 3 * 5, row++ % 2 == 0);
                }
                for (int t = 0; t < 20; t++)
                {
                    int m = Sizes[rng.Next(Sizes.Length)];
                    int n = Sizes[rng.Next(Sizes.Length)];
                    int k = Sizes[rng.Next(Sizes.Length)];
                    data.Add(transA, transB, m, n, k, row % 3 * 5, row++ % 2 == 0);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_MatchesFloat64Reference(bool transA, bool transB, int m, int n, int k, int pad, bool accumulate)
    {
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + pad;
        var a = RandomValues(Extent(transA ? k : m, transA ? m : k, lda), 1);
        var b = RandomValues(Extent(transB ? n : k, transB ? k : n, ldb), 2);
        var c0 = RandomValues(Extent(m, n, ldc), 3);
        var c = (float[])c0.Clone();

        Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);

        AssertClose(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c0, c, 0, ldc, accumulate);
        AssertPaddingUntouched(c0, c, m, n, ldc);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Multiply_WiderThanOnePanel_MatchesReference(bool transA, bool transB)
    {
        // n above NC (4096) exercises the panel loop; k above KC the block loop.
        const int m = 13, n = 4100, k = 300;
        int lda = transA ? m : k, ldb = transB ? k : n;
        var a = RandomValues(m * k, 4);
        var b = RandomValues(n * k, 5);
        var c0 = new float[m * n];
        var c = new float[m * n];

        Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate: false);

        AssertClose(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c0, c, 0, n, accumulate: false);
    }

    [Fact]
    public void Multiply_OnSlicedSpans_ReadsAndWritesOnlyTheSlices()
    {
        const int m = 40, n = 50, k = 60, offset = 7;
        var a = RandomValues(offset + m * k, 6);
        var b = RandomValues(offset + k * n, 7);
        var c0 = RandomValues(offset + m * n + offset, 8);
        var c = (float[])c0.Clone();

        Gemm.Multiply(false, false, m, n, k, a.AsSpan(offset), k, b.AsSpan(offset), n, c.AsSpan(offset, m * n), n, accumulate: true);

        AssertClose(false, false, m, n, k, a, offset, k, b, offset, n, c0, c, offset, n, accumulate: true);
        Assert.Equal(c0[..offset], c[..offset]);
        Assert.Equal(c0[^offset..], c[^offset..]);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(100, 90)]
    public void Multiply_KZero_ClearsCOrLeavesItWhenAccumulating(int m, int n)
    {
        var c0 = RandomValues(m * n, 9);
        var cleared = (float[])c0.Clone();
        var kept = (float[])c0.Clone();

        Gemm.Multiply(false, false, m, n, 0, [], 0, [], n, cleared, n, accumulate: false);
        Gemm.Multiply(true, true, m, n, 0, [], m, [], 0, kept, n, accumulate: true);

        Assert.All(cleared, x => Assert.Equal(0f, x));
        Assert.Equal(c0, kept);
    }

    [Theory]
    [InlineData(0, 5, 7)]
    [InlineData(5, 0, 7)]
    [InlineData(0, 0, 0)]
    public void Multiply_EmptyOutput_DoesNothing(int m, int n, int k)
    {
        var a = RandomValues(m * k, 10);
        var b = RandomValues(k * n, 11);
        var c = new float[] { 42f };

        Gemm.Multiply(false, false, m, n, k, a, k, b, n, c.AsSpan(0, m * n), n, accumulate: false);

        Assert.Equal(42f, c[0]);
    }

    /// <summary>Elements between rows (ld > n) belong to the caller and must survive.</summary>
    private static void AssertPaddingUntouched(float[] before, float[] after, int m, int n, int ldc)
    {
        for (int i = 0; i < m - 1; i++)
        {
            for (int j = n; j < ldc; j++)
            {
                Assert.Equal(before[i * ldc + j], after[i * ldc + j]);
            }
        }
    }
}
