namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary><see cref="Ops.ReluLinear"/> against Relu → Linear (+ residual) and finite differences.</summary>
public class ReluLinearTests
{
    private readonly System.Random rng = new(61);

    private static float[][] Gradients(Func<Tensor> loss, Tensor[] inputs)
    {
        foreach (var t in inputs)
        {
            t.ZeroGrad();
        }
        loss().Backward();
        return inputs.Select(t => (float[])t.Grad!.Clone()).ToArray();
    }

    [Theory]
    [InlineData(7, true, true, false)] // direct GEMM path
    [InlineData(300, false, false, false)] // packed GEMM path, no bias, no residual
    [InlineData(300, true, true, true)] // pre also read elsewhere: its gradient accumulates
    public void MatchesTheUnfusedOps(int rows, bool bias, bool withResidual, bool preReadTwice)
    {
        var pre = GradCheck.Random(rng, [rows, 72]);
        var wOut = GradCheck.Random(rng, [72, 24]);
        var bOut = bias ? GradCheck.Random(rng, [24]) : null;
        var residual = withResidual ? GradCheck.Random(rng, [rows, 24]) : null;
        var weights = GradCheck.Random(rng, [rows, 24], requiresGrad: false);
        Tensor[] inputs = [pre, wOut, .. new[] { bOut, residual }.OfType<Tensor>()];
        Tensor Loss(Tensor output) => preReadTwice ? Ops.SumAll(output * weights) + Ops.SumAll(Ops.Square(pre)) : Ops.SumAll(output * weights);
        Tensor Unfused()
        {
            var y = Ops.Linear(Ops.Relu(pre), wOut, bOut);
            return residual is null ? y : residual + y;
        }

        var fused = Ops.ReluLinear(pre, wOut, bOut, residual);
        var unfused = Unfused();
        for (int i = 0; i < fused.Size; i++)
        {
            Assert.Equal(unfused.Data[i], fused.Data[i], 1e-4f);
        }
        var fusedGrads = Gradients(() => Loss(Ops.ReluLinear(pre, wOut, bOut, residual)), inputs);
        var unfusedGrads = Gradients(() => Loss(Unfused()), inputs);
        for (int t = 0; t < inputs.Length; t++)
        {
            for (int i = 0; i < fusedGrads[t].Length; i++)
            {
                Assert.Equal(unfusedGrads[t][i], fusedGrads[t][i], 1e-3f);
            }
        }
    }

    [Fact]
    public void MatchesFiniteDifferences()
    {
        GradCheck.Check(t => Ops.ReluLinear(t[0], t[1], t[2], t[3]),
            GradCheck.Random(rng, [4, 6]), GradCheck.Random(rng, [6, 3]), GradCheck.Random(rng, [3]), GradCheck.Random(rng, [4, 3]));
    }

    [Fact]
    public void RefusesShapesThatDoNotFit()
    {
        var message = Assert.Throws<ArgumentException>(() => Ops.ReluLinear(Tensor.Zeros(4, 5), Tensor.Zeros(6, 3), null, null)).Message;
        Assert.Contains("W [6, 3]", message);
        Assert.Contains("need pre [..., d_hidden]", message);
        Assert.Throws<ArgumentException>(() => Ops.ReluLinear(Tensor.Zeros(4, 6), Tensor.Zeros(6, 3), null, Tensor.Zeros(4, 4)));
    }
}
