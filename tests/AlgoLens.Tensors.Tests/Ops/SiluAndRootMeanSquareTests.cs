using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>SiLU and the root-mean-square scale (of RMSNorm and LayerNormPre) against closed forms and finite differences.</summary>
public class SiluAndRootMeanSquareTests
{
    private readonly System.Random rng = new(11);

    [Fact]
    public void SiluMatchesTheClosedFormAndStaysFiniteForLargeInputs()
    {
        var x = new Tensor([-2f, 0f, 0.5f, 3f, -100f, 100f], [6]);
        var y = Ops.Silu(x);
        for (int i = 0; i < 4; i++)
        {
            double v = x.Data[i];
            Assert.Equal(v / (1 + Math.Exp(-v)), y.Data[i], 6);
        }
        Assert.Equal(0f, y.Data[4], 6);
        Assert.Equal(100f, y.Data[5], 4);
        Assert.Equal(Ops.Silu(x).Data, Ops.Activation(x, FusedActivation.Silu).Data);
    }

    [Fact]
    public void SiluBackwardMatchesFiniteDifferences() =>
        GradCheck.Check(t => Ops.Silu(t[0]), GradCheck.Random(rng, [3, 7], -4f, 4f));

    [Fact]
    public void RootMeanSquareMatchesTheClosedForm()
    {
        var x = new Tensor([3f, 4f, 0f, 0f], [2, 2]);
        var scale = Ops.RootMeanSquare(x, 1e-5f);
        Assert.Equal([2, 1], scale.Shape);
        Assert.Equal(Math.Sqrt(12.5 + 1e-5), scale.Data[0], 5);
        Assert.Equal(Math.Sqrt(1e-5), scale.Data[1], 6);
    }

    [Fact]
    public void RootMeanSquareBackwardMatchesFiniteDifferences() =>
        GradCheck.Check(t => Ops.RootMeanSquare(t[0], 1e-5f), GradCheck.Random(rng, [2, 3, 5]));

    [Fact]
    public void RmsNormComposedFromTheScaleBackward()
    {
        // x / sqrt(mean(x²) + eps) · w, as TransformerLens's RMSNorm: the scale op and Div's broadcast together.
        GradCheck.Check(t => Ops.Mul(Ops.Div(t[0], Ops.RootMeanSquare(t[0], 1e-5f)), t[1]),
            GradCheck.Random(rng, [2, 3, 4]), GradCheck.Random(rng, [4]));
    }

    [Fact]
    public void RootMeanSquareRejectsAnEmptyAxis() =>
        Assert.Throws<ArgumentException>(() => Ops.RootMeanSquare(Tensor.Zeros(3, 0), 1e-5f));
}
