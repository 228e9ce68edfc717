using AlgoLens.Tensors.Kernels;
using static AlgoLens.Tensors.Tests.Kernels.GemmTestData;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// The summation order is part of the contract: the same bits for any thread count, any kernel
/// family and either path (direct or packed).
/// </summary>
[Collection("Parallelism")]
public class GemmDeterminismTests
{
    [Theory]
    [InlineData(false, false, 300, 257, 520)]
    [InlineData(true, false, 128, 512, 600)]
    [InlineData(false, true, 97, 129, 33)]
    [InlineData(true, true, 391, 45, 300)]
    public void Multiply_SameBitsForOneTwoAndThreeThreads(bool transA, bool transB, int m, int n, int k)
    {
        var a = RandomValues(m * k, 20);
        var b = RandomValues(k * n, 21);
        var c0 = RandomValues(m * n, 22);
        float[] Run(int threads)
        {
            var c = (float[])c0.Clone();
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            Gemm.Multiply(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n, accumulate: true);
            return c;
        }

        var one = Run(1);
        AssertBitwiseEqual(one, Run(2), "2 threads vs 1");
        AssertBitwiseEqual(one, Run(3), "3 threads vs 1");
    }

    [Fact]
    public void MultiplyBatched_SameBitsForOneTwoAndThreeThreads()
    {
        const int batch = 700, m = 3, n = 3, k = 32;
        var a = RandomValues(batch * m * k, 23);
        var b = RandomValues(batch * n * k, 24);
        float[] Run(int threads)
        {
            var c = new float[batch * m * n];
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            Gemm.MultiplyBatched(batch, false, true, m, n, k, a, k, m * k, b, k, n * k, c, n, m * n, accumulate: false);
            return c;
        }

        var one = Run(1);
        AssertBitwiseEqual(one, Run(2), "2 threads vs 1");
        AssertBitwiseEqual(one, Run(3), "3 threads vs 1");
    }

    public static TheoryData<bool, bool, int, int, int, bool> OrderShapes() => new()
    {
        { false, false, 3, 3, 32, false },      // direct path, scalar tiles
        { false, false, 3, 32, 3, true },       // direct path, vector tiles
        { true, false, 20, 30, 40, true },      // direct path, strided A
        { true, true, 7, 9, 20, true },         // direct path, both strided
        { true, true, 20, 30, 40, true },       // packed, both transposed
        { false, false, 64, 64, 64, false },    // packed, exact tiles
        { true, false, 37, 45, 600, true },     // packed, edges, three K blocks
        { false, true, 200, 70, 300, false },   // packed, two M blocks
        { true, true, 13, 33, 513, true },
    };

    public static IEnumerable<object[]> OrderShapesOfEveryFamily() => KernelFamilies.Each(OrderShapes(), KernelFamilies.All);

    [SkippableTheory]
    [MemberData(nameof(OrderShapesOfEveryFamily))]
    public void Multiply_EveryKernelFamily_GivesTheDocumentedOrderBitForBit(string family, bool transA, bool transB, int m, int n, int k, bool accumulate)
    {
        var isa = KernelFamilies.Require(family);
        int lda = transA ? m : k, ldb = transB ? k : n;
        var a = RandomValues(m * k, 25);
        var b = RandomValues(k * n, 26);
        var c0 = RandomValues(m * n, 27);
        var expected = OrderReference(transA, transB, m, n, k, a, lda, b, ldb, c0, n, accumulate);

        using var compute = ComputeContext.Use(ComputeContext.Current.WithKernelFamily(isa));
        var c = (float[])c0.Clone();
        Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate);
        AssertBitwiseEqual(expected, c, $"{isa} kernels");
    }
}
