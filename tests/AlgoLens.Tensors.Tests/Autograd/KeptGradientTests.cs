using AlgoLens.Tensors.Optim;

namespace AlgoLens.Tensors.Tests.Autograd;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>
/// Parameter gradients kept across steps (<see cref="Tensor.ZeroGradKeepingStorage"/>, which
/// <see cref="Optimizer.ZeroGrad"/> uses): the next backward reuses the array and gives the bits a
/// fresh array would, whether its op adds into the gradient (reused zeroed) or writes it whole
/// (reused as it is, overwritten).
/// </summary>
public class KeptGradientTests
{
    // y = sum((x·W + b) * weights) through Linear, whose backward writes x's gradient whole and adds
    // into W's and b's: both ways of taking a leaf's gradient buffer.
    private static (Tensor X, Tensor W, Tensor B, Func<Tensor> Loss) Problem(int seed)
    {
        var rng = new System.Random(seed);
        var x = GradCheck.Random(rng, [6, 5]);
        var w = GradCheck.Random(rng, [5, 4]);
        var b = GradCheck.Random(rng, [4]);
        var weights = GradCheck.Random(rng, [6, 4], requiresGrad: false);
        return (x, w, b, () => Ops.SumAll(Ops.Linear(x, w, b) * weights));
    }

    [Fact]
    public void TheNextBackwardReusesTheArraysAndGivesTheBitsOfFreshOnes()
    {
        var (x, w, b, loss) = Problem(1);
        var optimizer = new Sgd([x, w, b], 0.1);
        loss().Backward();
        float[][] first = [x.Grad!, w.Grad!, b.Grad!];
        optimizer.Step(); // the gradients now differ from the next step's, so a stale value would show
        optimizer.ZeroGrad();
        Assert.All(new[] { x, w, b }, t => Assert.Null(t.Grad));
        loss().Backward();
        float[][] kept = [x.Grad!, w.Grad!, b.Grad!];
        for (int t = 0; t < 3; t++)
        {
            Assert.Same(first[t], kept[t]);
        }
        float[][] reused = kept.Select(g => (float[])g.Clone()).ToArray();

        foreach (var t in new[] { x, w, b })
        {
            t.ZeroGrad(); // dropped: the next backward allocates
        }
        loss().Backward();
        float[][] fresh = [x.Grad!, w.Grad!, b.Grad!];
        for (int t = 0; t < 3; t++)
        {
            Assert.NotSame(first[t], fresh[t]);
            Assert.Equal(fresh[t].Select(BitConverter.SingleToInt32Bits), reused[t].Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void AStepThatGivesNoGradientLeavesItNull()
    {
        var (x, w, b, loss) = Problem(2);
        loss().Backward();
        w.ZeroGradKeepingStorage();
        Assert.Null(w.Grad);
        var other = Tensor.Parameter([1f, 2f], [2]);
        Ops.SumAll(other * other).Backward(); // a backward that does not reach w
        Assert.Null(w.Grad);
    }
}
