using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

public class ShapeAndReduceGradTests
{
    private readonly System.Random rng = new(11);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    [InlineData(2, true)]
    public void SumAndMeanOverAxisBackward(int axis, bool keepDim)
    {
        GradCheck.Check(x => Ops.Sum(x[0], axis, keepDim), GradCheck.Random(rng, [3, 4, 5]));
        GradCheck.Check(x => Ops.Mean(x[0], axis, keepDim), GradCheck.Random(rng, [3, 4, 5]));
    }

    [Fact]
    public void ReductionValuesAndShapes()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([5f, 7f, 9f], Ops.Sum(x, 0).Data);
        Assert.Equal([2f, 5f], Ops.Mean(x, 1).Data);
        Assert.Equal([2, 1], Ops.Mean(x, -1, keepDim: true).Shape);
        Assert.Equal(21f, Ops.SumAll(x).Item());
        Assert.Equal(3.5f, Ops.MeanAll(x).Item());
        Assert.Equal([2, 2], Ops.ArgMax(x));
        GradCheck.Check(t => Ops.SumAll(t[0]), GradCheck.Random(rng, [2, 3]));
        GradCheck.Check(t => Ops.MeanAll(Ops.Square(t[0])), GradCheck.Random(rng, [4, 3]));
    }

    [Fact]
    public void WrongAxisNamesTheAxisAndRank()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Sum(Tensor.Zeros(2, 3), 2));
        Assert.Contains("axis 2", error.Message);
        Assert.Contains("rank 2", error.Message);
        Assert.Throws<ArgumentException>(() => Ops.Mean(Tensor.Zeros(2, 3), -3));
    }

    [Fact]
    public void ReshapeSharesDataAndPassesGradient()
    {
        var x = GradCheck.Random(rng, [2, 6]);
        var y = Ops.Reshape(x, 3, -1);
        Assert.Equal([3, 4], y.Shape);
        Assert.Same(x.Data, y.Data);
        GradCheck.Check(t => Ops.Reshape(t[0], 4, 3) * Ops.Reshape(t[0], 4, 3), x);
        var error = Assert.Throws<ArgumentException>(() => Ops.Reshape(x, 5, -1));
        Assert.Contains("[2, 6]", error.Message);
    }

    [Fact]
    public void PermuteMovesElementsAndBackward()
    {
        var x = GradCheck.Random(rng, [2, 3, 4, 5]);
        var y = Ops.Permute(x, 0, 2, 1, 3);
        Assert.Equal([2, 4, 3, 5], y.Shape);
        Assert.Equal(x[1, 2, 3, 4], y[1, 3, 2, 4]);
        Assert.Equal(x[0, 1, 0, 2], y[0, 0, 1, 2]);
        GradCheck.Check(t => Ops.Permute(t[0], 0, 2, 1, 3), x);
        GradCheck.Check(t => Ops.Permute(t[0], 3, 1, 0, 2), GradCheck.Random(rng, [2, 3, 4, 5]));
        GradCheck.Check(t => Ops.Transpose(t[0]), GradCheck.Random(rng, [3, 7]));
        Assert.Throws<ArgumentException>(() => Ops.Permute(x, 0, 1, 1, 3));
    }

    [Fact]
    public void SliceIndexSelectConcatBackward()
    {
        GradCheck.Check(t => Ops.Slice(t[0], 1, 1, 2), GradCheck.Random(rng, [2, 4, 3]));
        GradCheck.Check(t => Ops.Slice(t[0], -1, 2, 1), GradCheck.Random(rng, [3, 3]));
        GradCheck.Check(t => Ops.IndexSelect(t[0], 0, 2, 0, 2, 2), GradCheck.Random(rng, [3, 2]));
        GradCheck.Check(t => Ops.Concat([t[0], t[1], t[0]], 1), GradCheck.Random(rng, [2, 3]), GradCheck.Random(rng, [2, 1]));
        var x = Tensor.FromArray([0, 1, 2, 3, 4, 5], 2, 3);
        Assert.Equal([1f, 2f, 4f, 5f], Ops.Slice(x, 1, 1, 2).Data);
        Assert.Equal([3f, 4f, 5f, 0f, 1f, 2f], Ops.IndexSelect(x, 0, 1, 0).Data);
        Assert.Equal([0f, 1f, 2f, 0f, 3f, 4f, 5f, 3f], Ops.Concat([x, Ops.Slice(x, 1, 0, 1)], 1).Data);
        var error = Assert.Throws<ArgumentException>(() => Ops.Slice(x, 1, 2, 2));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Throws<ArgumentException>(() => Ops.IndexSelect(x, 0, 2));
        Assert.Throws<ArgumentException>(() => Ops.Concat([x, Tensor.Zeros(3, 3)], 1));
    }

    [Fact]
    public void EmbeddingGathersRowsAndScatterAdds()
    {
        var w = GradCheck.Random(rng, [5, 3]);
        int[] idx = [4, 0, 4, 2, 4, 1];
        var y = Ops.Embedding(w, idx, 2, 3);
        Assert.Equal([2, 3, 3], y.Shape);
        Assert.Equal(w[4, 1], y[0, 0, 1]);
        GradCheck.Check(t => Ops.Embedding(t[0], idx, 2, 3), w);
        // Row 3 was never read: its gradient is exactly zero.
        Assert.All(w.Grad!.AsSpan(9, 3).ToArray(), g => Assert.Equal(0f, g));
        Assert.Throws<ArgumentException>(() => Ops.Embedding(w, [5], 1));
    }
}
