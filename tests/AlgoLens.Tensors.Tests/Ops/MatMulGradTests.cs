using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

public class MatMulGradTests
{
    private readonly System.Random rng = new(17);

    private static int[] Stored(int rows, int cols, bool transpose, params int[] batch) =>
        transpose ? [.. batch, cols, rows] : [.. batch, rows, cols];

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void TwoDimensionalBackward(bool ta, bool tb)
    {
        var a = GradCheck.Random(rng, Stored(3, 5, ta));
        var b = GradCheck.Random(rng, Stored(5, 4, tb));
        GradCheck.Check(x => Ops.MatMul(x[0], x[1], ta, tb), a, b);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void BatchedBackward(bool ta, bool tb)
    {
        var a = GradCheck.Random(rng, Stored(3, 4, ta, 2, 3));
        var b = GradCheck.Random(rng, Stored(4, 2, tb, 2, 3));
        GradCheck.Check(x => Ops.MatMul(x[0], x[1], ta, tb), a, b);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void SharedOperandBackward(bool ta, bool tb)
    {
        // batched · 2-D (a weight shared by every position) and 2-D · batched
        GradCheck.Check(x => Ops.MatMul(x[0], x[1], ta, tb),
            GradCheck.Random(rng, Stored(3, 4, ta, 2, 2)), GradCheck.Random(rng, Stored(4, 5, tb)));
        GradCheck.Check(x => Ops.MatMul(x[0], x[1], ta, tb),
            GradCheck.Random(rng, Stored(3, 4, ta)), GradCheck.Random(rng, Stored(4, 5, tb, 3)));
    }

    [Fact]
    public void ValuesMatchNaiveProduct()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var b = Tensor.FromArray([7, 8, 9, 10, 11, 12], 3, 2);
        Assert.Equal([58f, 64f, 139f, 154f], Ops.MatMul(a, b).Data);
        Assert.Equal([58f, 64f, 139f, 154f], Ops.MatMul(Ops.Transpose(a), b, transposeA: true).Data);
    }

    [Fact]
    public void MismatchedShapesAreNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[4, 5]", error.Message);
        Assert.Contains("inner dimensions", error.Message);
        var batch = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros(2, 2, 3), Tensor.Zeros(3, 3, 4)));
        Assert.Contains("batch", batch.Message);
        Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros(3), Tensor.Zeros(3, 1)));
    }
}
