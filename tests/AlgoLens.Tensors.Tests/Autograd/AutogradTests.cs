using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Autograd;

using Ops = AlgoLens.Tensors.Ops;

public class AutogradTests
{
    [Fact]
    public void GradientsAccumulateOverUsesAndCalls()
    {
        var x = Tensor.Parameter([3f], [1], "x");
        var y = x * x + x; // dy/dx = 2x + 1 = 7
        y.Backward(Tensor.Ones(1));
        Assert.Equal(7f, x.Grad![0]);
        (x * x).Backward(Tensor.Ones(1));
        Assert.Equal(13f, x.Grad![0]);
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void FrozenParametersGetNoGradient()
    {
        var w = Tensor.Parameter([1f, 2f], [2], "w");
        var frozen = Tensor.Parameter([5f, 6f], [2], "b");
        frozen.RequiresGrad = false;
        Ops.SumAll(w * frozen).Backward();
        Assert.Equal([5f, 6f], w.Grad!);
        Assert.Null(frozen.Grad);
    }

    [Fact]
    public void NoGradRecordsNothing()
    {
        var w = Tensor.Parameter([1f], [1]);
        Tensor y;
        using (Tensor.NoGrad())
        {
            y = w * w;
        }
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.True((w * w).RequiresGrad);
    }

    [Fact]
    public void DetachStopsGradient()
    {
        var w = Tensor.Parameter([2f], [1]);
        var y = w * (w * w).Detach(); // d/dw = w^2 treated as a constant = 4
        y.Backward(Tensor.Ones(1));
        Assert.Equal(4f, w.Grad![0]);
    }

    [Fact]
    public void IntermediateGradientsAreDroppedUnlessRetained()
    {
        var w = Tensor.Parameter([1f, 2f], [2]);
        var hidden = w * w;
        var retained = (w + w).RetainGrad();
        Ops.SumAll(hidden * retained).Backward();
        Assert.Null(hidden.Grad);
        Assert.Equal([1f, 4f], retained.Grad!);
    }

    [Fact]
    public void BackwardNeedsScalarOrGradient()
    {
        var w = Tensor.Parameter([1f, 2f], [2]);
        var y = w * w;
        var error = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("[2]", error.Message);
        Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(3)));
    }

    [Fact]
    public void RequiresGradCannotBeSetOnOpResults()
    {
        var w = Tensor.Parameter([1f], [1]);
        var y = w * w;
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.False(y.Detach().RequiresGrad);
    }

    [Fact]
    public void DiamondGraphVisitsSharedNodeOnce()
    {
        // z = (a+b) used by two branches: its gradient must be complete before it propagates.
        var a = Tensor.Parameter([1f], [1]);
        var b = Tensor.Parameter([2f], [1]);
        var z = a + b;
        var y = Ops.Exp(z) + z * z; // dy/dz = e^3 + 6
        y.Backward(Tensor.Ones(1));
        float expected = MathF.Exp(3f) + 6f;
        Assert.Equal(expected, a.Grad![0], 4);
        Assert.Equal(expected, b.Grad![0], 4);
    }

    [Fact]
    public void DeepChainDoesNotOverflowTheStack()
    {
        var x = Tensor.Parameter([1f], [1]);
        var y = x;
        for (int i = 0; i < 100_000; i++)
        {
            y = y + 0f;
        }
        y.Backward(Tensor.Ones(1));
        Assert.Equal(1f, x.Grad![0]);
    }

    [Fact]
    public void ConstructorRejectsWrongDataLength()
    {
        var error = Assert.Throws<ArgumentException>(() => new Tensor(new float[5], 2, 3));
        Assert.Contains("[2, 3]", error.Message);
    }
}
