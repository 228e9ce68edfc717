using AlgoLens.Tensors.Random;

namespace AlgoLens.Tensors.Tests.Random;

public class TensorRandomTests
{
    [Fact]
    public void Randn_HasTheShapeAndTheFillNormalValues()
    {
        var tensor = new Rng(1).Randn(2, 3, 4);
        var expected = new float[24];
        new Rng(1).FillNormal(expected, 0f, 1f);
        Assert.Equal([2, 3, 4], tensor.Shape);
        Assert.Equal(expected, tensor.Data);
        Assert.False(tensor.RequiresGrad);
    }

    [Fact]
    public void Rand_HasTheShapeAndTheFillUniformValues()
    {
        var tensor = new Rng(2).Rand(5, 6);
        var expected = new float[30];
        new Rng(2).FillUniform(expected, 0f, 1f);
        Assert.Equal([5, 6], tensor.Shape);
        Assert.Equal(expected, tensor.Data);
    }

    [Fact]
    public void RandNormalAndRandUniform_UseTheirParameters()
    {
        var rng = new Rng(3);
        Assert.All(rng.RandUniform([1000], -1f, -0.5f).Data, v => Assert.InRange(v, -1f, -0.5f));
        var normal = rng.RandNormal([10_000], 10f, 0.1f).Data;
        Assert.Equal(10.0, normal.Average(v => (double)v), 0.01);
    }
}
