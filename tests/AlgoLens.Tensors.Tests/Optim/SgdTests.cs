using AlgoLens.Tensors.Optim;

namespace AlgoLens.Tensors.Tests.Optim;

public class SgdTests
{
    private static readonly float[][] Gradients = [[1f, -2f], [0.5f, 0.5f], [-1f, 3f], [0.25f, -0.75f]];

    [Fact]
    public void Plain_StepsAgainstTheGradientPlusDecay()
    {
        var p = AdamWTests.Parameter([1f, -1f]);
        p.Grad = [0.5f, 2f];
        new Sgd([p], learningRate: 0.1, weightDecay: 0.2).Step();
        // p - lr·(g + wd·p)
        Assert.Equal(1 - 0.1 * (0.5 + 0.2 * 1), p.Data[0], 1e-7);
        Assert.Equal(-1 - 0.1 * (2 + 0.2 * -1), p.Data[1], 1e-7);
    }

    [Theory]
    [InlineData(false, 0.1)]
    [InlineData(true, 0.0)]
    public void Momentum_MatchesHandComputation(bool nesterov, double dampening)
    {
        const double lr = 0.1, momentum = 0.9, wd = 0.01;
        double[] expected = [1.0, -0.5];
        double[]? buffer = null;
        var p = AdamWTests.Parameter([1f, -0.5f]);
        var optimizer = new Sgd([p], lr, momentum, dampening, wd, nesterov);
        foreach (var g in Gradients)
        {
            p.Grad = (float[])g.Clone();
            optimizer.Step();
            var d = new double[2];
            for (int i = 0; i < 2; i++)
            {
                d[i] = g[i] + wd * expected[i];
            }
            buffer = buffer is null ? d : [momentum * buffer[0] + (1 - dampening) * d[0], momentum * buffer[1] + (1 - dampening) * d[1]];
            for (int i = 0; i < 2; i++)
            {
                double step = nesterov ? d[i] + momentum * buffer[i] : buffer[i];
                expected[i] -= lr * step;
                Assert.Equal(expected[i], p.Data[i], 1e-6);
            }
            Assert.Equal(g, p.Grad);
        }
    }

    [Fact]
    public void SaveLoadThenContinue_EqualsAnUninterruptedRun_Bitwise()
    {
        var full = AdamWTests.Parameter([1f, 2f], "w");
        var fullOpt = new Sgd([full], 0.05, momentum: 0.9, weightDecay: 0.1);
        foreach (var g in Gradients)
        {
            full.Grad = g;
            fullOpt.Step();
        }

        var first = AdamWTests.Parameter([1f, 2f], "w");
        var firstOpt = new Sgd([first], 0.05, momentum: 0.9, weightDecay: 0.1);
        for (int t = 0; t < 2; t++)
        {
            first.Grad = Gradients[t];
            firstOpt.Step();
        }
        var resumed = AdamWTests.Parameter((float[])first.Data.Clone(), "w");
        var resumedOpt = new Sgd([resumed], 0.05, momentum: 0.9, weightDecay: 0.1);
        resumedOpt.LoadState(firstOpt.GetState());
        for (int t = 2; t < Gradients.Length; t++)
        {
            resumed.Grad = Gradients[t];
            resumedOpt.Step();
        }
        Assert.Equal(full.Data, resumed.Data);
        Assert.Equal(4, resumedOpt.StepCount);
    }

    [Fact]
    public void FrozenAndGradlessParameters_AreUntouched()
    {
        var frozen = AdamWTests.Parameter([1f]);
        frozen.RequiresGrad = false;
        frozen.Grad = [1f];
        var gradless = AdamWTests.Parameter([2f]);
        new Sgd([frozen, gradless], 0.1, momentum: 0.9, weightDecay: 0.5).Step();
        Assert.Equal(1f, frozen.Data[0]);
        Assert.Equal(2f, gradless.Data[0]);
    }

    [Fact]
    public void NesterovNeedsMomentumAndNoDampening()
    {
        var p = AdamWTests.Parameter([1f]);
        Assert.Throws<ArgumentException>(() => new Sgd([p], nesterov: true));
        Assert.Throws<ArgumentException>(() => new Sgd([p], momentum: 0.9, dampening: 0.1, nesterov: true));
    }
}
