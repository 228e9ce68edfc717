namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary><see cref="Ops.ReluMlp"/> against Linear → Relu → Linear (+ residual) and finite differences.</summary>
public class ReluMlpTests
{
    private readonly System.Random rng = new(57);

    private static Tensor Unfused(Tensor x, Tensor wIn, Tensor? bIn, Tensor wOut, Tensor? bOut, Tensor? residual)
    {
        var mlp = Ops.Linear(Ops.Relu(Ops.Linear(x, wIn, bIn)), wOut, bOut);
        return residual is null ? mlp : residual + mlp;
    }

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
    [InlineData(7, true, true)] // direct GEMM path
    [InlineData(300, true, false)] // packed GEMM path, no biases
    [InlineData(300, false, true)]
    [InlineData(1000, true, true)] // two row chunks of the fused op
    public void MatchesTheUnfusedOps(int rows, bool biases, bool residualIsInput)
    {
        var x = GradCheck.Random(rng, [rows, 24]);
        var wIn = GradCheck.Random(rng, [24, 72]);
        var wOut = GradCheck.Random(rng, [72, 24]);
        var bIn = biases ? GradCheck.Random(rng, [72]) : null;
        var bOut = biases ? GradCheck.Random(rng, [24]) : null;
        var residual = residualIsInput ? x : null; // the transformer's case: resid + mlp(resid)
        var weights = GradCheck.Random(rng, [rows, 24], requiresGrad: false);
        Tensor[] inputs = [x, wIn, wOut, .. new[] { bIn, bOut }.OfType<Tensor>()];

        var fused = Ops.ReluMlp(x, wIn, bIn, wOut, bOut, residual);
        var unfused = Unfused(x, wIn, bIn, wOut, bOut, residual);
        for (int i = 0; i < fused.Size; i++)
        {
            Assert.Equal(unfused.Data[i], fused.Data[i], 1e-4f);
        }
        var fusedGrads = Gradients(() => Ops.SumAll(Ops.ReluMlp(x, wIn, bIn, wOut, bOut, residual) * weights), inputs);
        var unfusedGrads = Gradients(() => Ops.SumAll(Unfused(x, wIn, bIn, wOut, bOut, residual) * weights), inputs);
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
        var x = GradCheck.Random(rng, [4, 5]);
        GradCheck.Check(t => Ops.ReluMlp(t[0], t[1], t[2], t[3], t[4], t[5]),
            x, GradCheck.Random(rng, [5, 6]), GradCheck.Random(rng, [6]), GradCheck.Random(rng, [6, 3]), GradCheck.Random(rng, [3]), GradCheck.Random(rng, [4, 3]));
    }

    [Fact]
    public void RefusesShapesThatDoNotFit()
    {
        var x = Tensor.Zeros(4, 5);
        var message = Assert.Throws<ArgumentException>(() => Ops.ReluMlp(x, Tensor.Zeros(5, 6), null, Tensor.Zeros(7, 3), null, null)).Message;
        Assert.Contains("W2 [7, 3]", message);
        Assert.Contains("need x [..., d_in]", message);
        Assert.Throws<ArgumentException>(() => Ops.ReluMlp(x, Tensor.Zeros(5, 6), null, Tensor.Zeros(6, 3), null, Tensor.Zeros(4, 4)));
    }
}
