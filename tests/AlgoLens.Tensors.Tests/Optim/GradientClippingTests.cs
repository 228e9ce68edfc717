using AlgoLens.Tensors.Optim;

namespace AlgoLens.Tensors.Tests.Optim;

public class GradientClippingTests
{
    [Fact]
    public void Norm_IsTheL2NormOfAllGradients()
    {
        var a = AdamWTests.Parameter([0f, 0f]);
        var b = AdamWTests.Parameter([0f]);
        var none = AdamWTests.Parameter([0f]);
        a.Grad = [3f, 0f];
        b.Grad = [4f];
        Assert.Equal(5.0, GradientClipping.GlobalNorm([a, b, none]));
    }

    [Fact]
    public void Clip_ScalesByMaxNormOverNormPlusEpsilon()
    {
        var a = AdamWTests.Parameter([0f, 0f]);
        var b = AdamWTests.Parameter([0f]);
        a.Grad = [3f, 0f];
        b.Grad = [4f];
        double norm = GradientClipping.ClipGlobalNorm([a, b], maxNorm: 1.0);
        Assert.Equal(5.0, norm);
        float scale = (float)(1.0 / (5.0 + 1e-6));
        Assert.Equal([3f * scale, 0f], a.Grad);
        Assert.Equal([4f * scale], b.Grad);
        Assert.Equal(1.0, GradientClipping.GlobalNorm([a, b]), 1e-6);
    }

    [Fact]
    public void Clip_LeavesSmallGradientsAlone()
    {
        var a = AdamWTests.Parameter([0f]);
        a.Grad = [0.5f];
        Assert.Equal(0.5, GradientClipping.ClipGlobalNorm([a], maxNorm: 1.0));
        Assert.Equal([0.5f], a.Grad);
    }

    [Fact]
    public void Clip_IgnoresFrozenParameters()
    {
        var frozen = AdamWTests.Parameter([0f]);
        frozen.RequiresGrad = false;
        frozen.Grad = [100f];
        var a = AdamWTests.Parameter([0f]);
        a.Grad = [2f];
        Assert.Equal(2.0, GradientClipping.ClipGlobalNorm([frozen, a], maxNorm: 1.0));
        Assert.Equal([100f], frozen.Grad);
    }

    [Fact]
    public void Clip_NonFinite_ReturnsItOrThrows()
    {
        var a = AdamWTests.Parameter([0f, 0f]);
        a.Grad = [float.NaN, 1f];
        Assert.True(double.IsNaN(GradientClipping.ClipGlobalNorm([a], 1.0)));
        Assert.Equal(1f, a.Grad[1]);
        Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipGlobalNorm([a], 1.0, errorIfNonFinite: true));
    }
}
