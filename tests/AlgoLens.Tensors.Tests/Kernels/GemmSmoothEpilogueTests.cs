using AlgoLens.Tensors.Kernels;
using static AlgoLens.Tensors.Tests.Kernels.GemmTestData;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// The epilogues of smooth activations (value and slope), of their backward (the product by the
/// slope) and of the residual addend give exactly the bits of the product followed by the separate
/// passes they replace (<see cref="GeluKernels"/>, <see cref="SiluKernels"/>, elementwise products
/// and sums), on the direct, packed and K-split paths, for one and three threads.
/// </summary>
[Collection("Parallelism")]
public unsafe class GemmSmoothEpilogueTests
{
    [Theory]
    [InlineData(5, 7, 3)] // direct path
    [InlineData(130, 97, 128)] // packed, one K block, edge tiles
    [InlineData(301, 515, 300)] // packed, two K blocks
    [InlineData(40, 64, 2000)] // the K-split path with two threads or more
    public void MatchTheProductThenTheSeparatePasses(int m, int n, int k)
    {
        var a = RandomValues(m * k, 11);
        var b = RandomValues(k * n, 12);
        var bias = RandomValues(n, 13);
        var other = RandomValues(m * n, 14); // the slope to multiply by, or the addend
        foreach (int threads in new[] { 1, 3 })
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            var product = new float[m * n];
            Gemm.Multiply(false, false, m, n, k, a, k, b, n, product, n, accumulate: false);
            var biased = product.Select((v, i) => v + bias[i % n]).ToArray();
            foreach (var activation in new[] { FusedActivation.Gelu, FusedActivation.GeluTanh, FusedActivation.Silu })
            {
                var expected = new float[m * n];
                var expectedSlope = new float[m * n];
                fixed (float* pIn = biased)
                fixed (float* pOut = expected)
                fixed (float* pSlope = expectedSlope)
                {
                    FusedActivations.Smooth(activation, pIn, pOut, pSlope, m * n);
                }
                var actual = new float[m * n];
                var slope = new float[m * n];
                fixed (float* pBias = bias)
                fixed (float* pSlope = slope)
                {
                    Gemm.MultiplyWithEpilogue(false, false, m, n, k, a, k, b, n, actual, n, false, GemmEpilogue.BiasSmoothActivation(pBias, activation, pSlope, n));
                }
                AssertBitwiseEqual(expected, actual, $"{activation} values, {threads} threads");
                AssertBitwiseEqual(expectedSlope, slope, $"{activation} slopes, {threads} threads");
            }

            var times = new float[m * n];
            var plus = new float[m * n];
            fixed (float* pOther = other)
            fixed (float* pBias = bias)
            {
                Gemm.MultiplyWithEpilogue(false, false, m, n, k, a, k, b, n, times, n, false, GemmEpilogue.SlopeProduct(pOther, n));
                Gemm.MultiplyWithEpilogue(false, false, m, n, k, a, k, b, n, plus, n, false, GemmEpilogue.BiasAddend(pBias, pOther, n));
            }
            AssertBitwiseEqual(product.Select((v, i) => v * other[i]).ToArray(), times, $"slope product, {threads} threads");
            AssertBitwiseEqual(biased.Select((v, i) => v + other[i]).ToArray(), plus, $"bias and addend, {threads} threads");
        }
    }

    [Fact]
    public void ReluHasNoStoredSlope()
    {
        var message = Assert.Throws<ArgumentException>(() => GemmEpilogue.BiasSmoothActivation(null, FusedActivation.Relu, null, 0)).Message;
        Assert.Contains("BiasReluRecordingBits", message);
    }
}
