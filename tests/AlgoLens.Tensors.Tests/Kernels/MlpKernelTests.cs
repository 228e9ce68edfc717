using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>
/// The chunked ReLU MLP (<see cref="MlpKernel"/>) gives exactly the bits of the whole-matrix
/// products it replaces, forward and backward, for any thread count: its cuts are the GEMM's own K
/// blocks, so any difference is a bug, not rounding.
/// </summary>
[Collection("Parallelism")]
public class MlpKernelTests
{
    private static OutputAndGradients Run(int rows, int dIn, int dMlp, int dOut, bool biases, bool residualIsInput, bool[] trains, bool chunked, int threads)
    {
        var rng = new System.Random(rows + dIn + dMlp + dOut);
        var x = GradCheck.Random(rng, [rows, dIn], requiresGrad: trains[0]);
        var wIn = GradCheck.Random(rng, [dIn, dMlp], requiresGrad: trains[1]);
        var wOut = GradCheck.Random(rng, [dMlp, dOut], requiresGrad: trains[2]);
        var bIn = biases ? GradCheck.Random(rng, [dMlp], requiresGrad: trains[3]) : null;
        var bOut = biases ? GradCheck.Random(rng, [dOut]) : null;
        var weights = GradCheck.Random(rng, [rows, dOut], requiresGrad: false);
        Tensor[] inputs = [x, wIn, wOut, .. new[] { bIn }.OfType<Tensor>()];
        return WithKernel(chunked, threads, () => MlpKernel.Applies(rows, dIn, dMlp, dOut),
            allowChunked => Ops.ReluMlp(x, wIn, bIn, wOut, bOut, residualIsInput ? x : null, allowChunked), weights, inputs);
    }

    // Runs forward and backward with the chunked kernel allowed or not and the given threads,
    // checking that the kernel runs when allowed; the output and each input's gradient (empty if none).
    private static OutputAndGradients WithKernel(bool chunked, int threads, Func<bool> applies, Func<bool, Tensor> forward, Tensor weights, Tensor[] inputs)
    {
        using var compute = ComputeContext.Use(new ComputeContext(threads));
        Assert.True(!chunked || applies());
        var output = forward(chunked);
        Ops.SumAll(output * weights).Backward();
        return new OutputAndGradients(output.Data[..output.Size], inputs.Select(t => t.Grad is null ? [] : t.Grad[..t.Size]).ToArray());
    }

    [Theory]
    // The grokking model's shape: two groups, 15 chunks (the last of 246 rows).
    [InlineData(3830, 128, 512, 128, true, true, 1)]
    [InlineData(3830, 128, 512, 128, true, true, 2)]
    // Three groups, the last 8 hidden units wide (a partial word of ReLU bits); edge tiles everywhere.
    [InlineData(1000, 24, 520, 40, true, false, 3)]
    [InlineData(1000, 24, 520, 40, true, false, 2)]
    // d_in over one K block (two blocks in the first product, two A blocks in dW_in), no biases.
    [InlineData(600, 300, 512, 300, false, true, 2)]
    // A single chunk and group on one thread.
    [InlineData(256, 16, 200, 16, true, true, 1)]
    public void MatchesTheWholeMatrixProductsBitwise(int rows, int dIn, int dMlp, int dOut, bool biases, bool residualIsInput, int threads)
    {
        bool[] all = [true, true, true, true];
        var expected = Run(rows, dIn, dMlp, dOut, biases, residualIsInput, all, chunked: false, threads);
        var actual = Run(rows, dIn, dMlp, dOut, biases, residualIsInput, all, chunked: true, threads);
        OutputAndGradients.AssertBitwiseEqual(expected, actual);
        Assert.All(actual.Gradients, g => Assert.NotEmpty(g));
    }

    [Theory]
    [InlineData(false, true, true, true)] // a frozen input: no input gradient, no partials
    [InlineData(true, false, true, false)] // frozen W_in and b_in
    [InlineData(false, false, true, false)] // only W_out trains: the hidden gradient is never made
    public void LeavesFrozenInputsAloneAndMatchesTheRest(bool trainsX, bool trainsWIn, bool trainsWOut, bool trainsBIn)
    {
        bool[] trains = [trainsX, trainsWIn, trainsWOut, trainsBIn];
        var expected = Run(700, 32, 512, 32, true, false, trains, chunked: false, 2);
        var actual = Run(700, 32, 512, 32, true, false, trains, chunked: true, 2);
        OutputAndGradients.AssertBitwiseEqual(expected, actual);
        for (int t = 0; t < trains.Length; t++)
        {
            Assert.Equal(trains[t], actual.Gradients[t].Length > 0);
        }
    }

    [Fact]
    public void ForwardWithoutGradientMatches()
    {
        var rng = new System.Random(5);
        var x = GradCheck.Random(rng, [900, 64], requiresGrad: false);
        var wIn = GradCheck.Random(rng, [64, 512], requiresGrad: false);
        var wOut = GradCheck.Random(rng, [512, 64], requiresGrad: false);
        var bIn = GradCheck.Random(rng, [512], requiresGrad: false);
        using var compute = ComputeContext.Use(new ComputeContext(2));
        var expected = Ops.ReluMlp(x, wIn, bIn, wOut, null, x, allowChunked: false).Data[..(900 * 64)];
        Assert.True(MlpKernel.Applies(900, 64, 512, 64));
        var actual = Ops.ReluMlp(x, wIn, bIn, wOut, null, x).Data[..(900 * 64)];
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void HiddenLayersWiderThanOnePackedPanelTakeTheWholeMatrixProducts()
    {
        Assert.False(MlpKernel.Applies(256, 8, 4200, 8));
        var rng = new System.Random(6);
        var x = GradCheck.Random(rng, [256, 8], requiresGrad: false);
        var output = Ops.ReluMlp(x, GradCheck.Random(rng, [8, 4200], requiresGrad: false), null,
            GradCheck.Random(rng, [4200, 8], requiresGrad: false), null, x);
        Assert.All(output.Data[..output.Size], v => Assert.True(float.IsFinite(v)));
    }

    // Ops.ReluLinear (pre-activations given): chunked against whole-matrix, output and gradients.
    private static OutputAndGradients RunGivenPreActivations(int rows, int dMlp, int dOut, bool chunked, int threads)
    {
        var rng = new System.Random(rows + dMlp + dOut);
        var pre = GradCheck.Random(rng, [rows, dMlp]);
        var wOut = GradCheck.Random(rng, [dMlp, dOut]);
        var bOut = GradCheck.Random(rng, [dOut]);
        var residual = GradCheck.Random(rng, [rows, dOut]);
        var weights = GradCheck.Random(rng, [rows, dOut], requiresGrad: false);
        return WithKernel(chunked, threads, () => MlpKernel.Applies(rows, dMlp, dMlp, dOut),
            allowChunked => Ops.ReluLinear(pre, wOut, bOut, residual, allowChunked), weights, [pre, wOut, bOut, residual]);
    }

    [Theory]
    [InlineData(3830, 512, 128, 2)] // the folded grokking MLP
    [InlineData(1000, 520, 40, 3)] // a partial last group and word of bits
    public void GivenPreActivationsMatchTheWholeMatrixProductsBitwise(int rows, int dMlp, int dOut, int threads)
    {
        var chunked = RunGivenPreActivations(rows, dMlp, dOut, chunked: true, threads);
        OutputAndGradients.AssertBitwiseEqual(RunGivenPreActivations(rows, dMlp, dOut, chunked: false, threads), chunked);
        Assert.All(chunked.Gradients, g => Assert.NotEmpty(g));
    }
}
