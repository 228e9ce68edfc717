using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

public class GemmArgumentTests
{
    [Fact]
    public void Multiply_NegativeSize_NamesTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, -1, 2, 3, new float[6], 3, new float[6], 2, new float[4], 2, false));

        Assert.Contains("m=-1", ex.Message);
        Assert.Contains("n=2", ex.Message);
        Assert.Contains("k=3", ex.Message);
    }

    [Theory]
    [InlineData(false, 11, "a has 11 elements", "[3, 4]")]
    [InlineData(true, 11, "a has 11 elements", "[4, 3] (transposed)")]
    public void Multiply_ShortA_NamesShapeAndLength(bool transA, int length, string has, string shape)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(transA, false, 3, 5, 4, new float[length], transA ? 3 : 4, new float[20], 5, new float[15], 5, false));

        Assert.Contains(has, ex.Message);
        Assert.Contains(shape, ex.Message);
        Assert.Contains("needs 12", ex.Message);
    }

    [Fact]
    public void Multiply_ShortC_NamesLdc()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 3, 5, 4, new float[12], 4, new float[20], 5, new float[16], 6, false));

        Assert.Contains("c has 16 elements", ex.Message);
        Assert.Contains("ldc=6", ex.Message);
        Assert.Contains("needs 17", ex.Message);
    }

    [Fact]
    public void Multiply_LeadingDimensionBelowColumns_NamesIt()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, true, 3, 5, 4, new float[12], 4, new float[20], 3, new float[15], 5, false));

        Assert.Contains("ldb=3", ex.Message);
        Assert.Contains("[5, 4] (transposed)", ex.Message);
    }

    [Fact]
    public void MultiplyBatched_ShortBForStride_NamesBatchAndStride()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyBatched(4, false, false, 2, 2, 2, new float[16], 2, 4, new float[15], 2, 4, new float[16], 2, 4, false));

        Assert.Contains("batch=4", ex.Message);
        Assert.Contains("strideB=4", ex.Message);
        Assert.Contains("needs 16", ex.Message);
    }

    [Fact]
    public void MultiplyBatched_StrideCZero_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyBatched(2, false, false, 2, 2, 2, new float[8], 2, 4, new float[4], 2, 0, new float[4], 2, 0, false));

        Assert.Contains("strideC=0", ex.Message);
    }

    [Fact]
    public void MultiplyBatched_NegativeStride_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyBatched(2, false, false, 2, 2, 2, new float[8], 2, -4, new float[4], 2, 0, new float[8], 2, 4, false));

        Assert.Contains("strideA=-4", ex.Message);
    }
}
