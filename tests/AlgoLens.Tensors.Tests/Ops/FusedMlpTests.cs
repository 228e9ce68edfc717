using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>
/// <see cref="Ops.Mlp"/> with smooth activations (activation and slope in the first product's
/// epilogue, the slope product in the hidden gradient's, the addend in the output's) against the
/// unfused Linear → activation → Linear → Add, bit for bit (every element sees the same float
/// operations), for any path and thread count; and against finite differences.
/// </summary>
[Collection("Parallelism")]
public class FusedMlpTests
{
    private static Tensor Unfused(Tensor x, Tensor wIn, Tensor? bIn, Tensor wOut, Tensor? bOut, Tensor? addend, FusedActivation activation)
    {
        var mlp = Ops.Linear(Ops.Activation(Ops.Linear(x, wIn, bIn), activation), wOut, bOut);
        return addend is null ? mlp : addend + mlp;
    }

    // fused: null for the unfused ops, else whether the chunked kernel is allowed.
    private static OutputAndGradients Run(FusedActivation activation, int rows, int dIn, int dMlp, int dOut, bool biases, bool residualIsInput, bool? fused, int threads)
    {
        var rng = new System.Random(rows + dIn + dMlp + dOut);
        var x = GradCheck.Random(rng, [rows, dIn], -2f, 2f);
        var wIn = GradCheck.Random(rng, [dIn, dMlp], -0.5f, 0.5f);
        var wOut = GradCheck.Random(rng, [dMlp, dOut]);
        var bIn = biases ? GradCheck.Random(rng, [dMlp]) : null;
        var bOut = biases ? GradCheck.Random(rng, [dOut]) : null;
        var addend = residualIsInput ? x : GradCheck.Random(rng, [rows, dOut]);
        var weights = GradCheck.Random(rng, [rows, dOut], requiresGrad: false);
        Tensor[] inputs = [.. new[] { x, wIn, wOut, bIn, bOut, residualIsInput ? null : addend }.OfType<Tensor>()];
        using var compute = ComputeContext.Use(new ComputeContext(threads));
        var output = fused is bool chunked
            ? Ops.Mlp(x, wIn, bIn, wOut, bOut, addend, activation, chunked)
            : Unfused(x, wIn, bIn, wOut, bOut, addend, activation);
        Ops.SumAll(output * weights).Backward();
        return new OutputAndGradients(output.Data[..output.Size], inputs.Select(t => t.Grad![..t.Size]).ToArray());
    }

    [Theory]
    [InlineData(FusedActivation.Gelu, 7, 24, 72, 24, true, true, 1)] // direct GEMM path
    [InlineData(FusedActivation.GeluTanh, 300, 24, 72, 24, false, false, 2)] // packed path, no biases
    [InlineData(FusedActivation.Silu, 300, 24, 72, 24, true, true, 3)]
    // The sequence shape's width, two K blocks of the hidden gradient, the chunked kernel on 2 threads.
    [InlineData(FusedActivation.Gelu, 1000, 128, 512, 128, true, true, 2)]
    // Three groups, the last 8 units wide; edge tiles everywhere; 3 threads.
    [InlineData(FusedActivation.Silu, 1000, 24, 520, 40, true, false, 3)]
    [InlineData(FusedActivation.GeluTanh, 1000, 40, 520, 40, true, true, 1)]
    public void MatchesTheUnfusedOpsBitwiseOnEveryPath(FusedActivation activation, int rows, int dIn, int dMlp, int dOut, bool biases, bool residualIsInput, int threads)
    {
        var unfused = Run(activation, rows, dIn, dMlp, dOut, biases, residualIsInput, fused: null, threads);
        OutputAndGradients.AssertBitwiseEqual(unfused, Run(activation, rows, dIn, dMlp, dOut, biases, residualIsInput, fused: false, threads));
        OutputAndGradients.AssertBitwiseEqual(unfused, Run(activation, rows, dIn, dMlp, dOut, biases, residualIsInput, fused: true, threads));
    }

    [Theory]
    [InlineData(FusedActivation.Gelu)]
    [InlineData(FusedActivation.Silu)]
    public void SameBitsForOneTwoAndThreeThreads(FusedActivation activation)
    {
        using (ComputeContext.Use(new ComputeContext(2)))
        {
            Assert.True(MlpKernel.Applies(1000, 24, 520, 40));
        }
        var one = Run(activation, 1000, 24, 520, 40, true, false, fused: true, threads: 1);
        OutputAndGradients.AssertBitwiseEqual(one, Run(activation, 1000, 24, 520, 40, true, false, fused: true, threads: 2));
        OutputAndGradients.AssertBitwiseEqual(one, Run(activation, 1000, 24, 520, 40, true, false, fused: true, threads: 3));
    }

    [Theory]
    [InlineData(FusedActivation.Gelu)]
    [InlineData(FusedActivation.GeluTanh)]
    [InlineData(FusedActivation.Silu)]
    public void MatchesFiniteDifferences(FusedActivation activation)
    {
        var rng = new System.Random((int)activation);
        GradCheck.Check(t => Ops.Mlp(t[0], t[1], t[2], t[3], t[4], t[5], activation),
            GradCheck.Random(rng, [4, 5], -2f, 2f), GradCheck.Random(rng, [5, 6]), GradCheck.Random(rng, [6]),
            GradCheck.Random(rng, [6, 3]), GradCheck.Random(rng, [3]), GradCheck.Random(rng, [4, 3]));
    }

    [Fact]
    public void ForwardWithoutGradientGivesTheSameBits()
    {
        var rng = new System.Random(8);
        var x = GradCheck.Random(rng, [900, 64], requiresGrad: false);
        var wIn = GradCheck.Random(rng, [64, 512], requiresGrad: false);
        var wOut = GradCheck.Random(rng, [512, 64], requiresGrad: false);
        using var compute = ComputeContext.Use(new ComputeContext(2));
        var expected = Unfused(x, wIn, null, wOut, null, x, FusedActivation.Gelu).Data[..(900 * 64)];
        Assert.Equal(expected, Ops.Mlp(x, wIn, null, wOut, null, x, FusedActivation.Gelu).Data[..(900 * 64)]);
        Assert.Equal(expected, Ops.Mlp(x, wIn, null, wOut, null, x, FusedActivation.Gelu, allowChunked: false).Data[..(900 * 64)]);
    }

    [Fact]
    public void ReluIsTheReluMlp()
    {
        var relu = Run(FusedActivation.Relu, 700, 32, 512, 32, true, true, fused: true, threads: 2);
        var rng = new System.Random(700 + 32 + 512 + 32);
        var x = GradCheck.Random(rng, [700, 32], -2f, 2f);
        var wIn = GradCheck.Random(rng, [32, 512], -0.5f, 0.5f);
        var wOut = GradCheck.Random(rng, [512, 32]);
        var bIn = GradCheck.Random(rng, [512]);
        var bOut = GradCheck.Random(rng, [32]);
        using var compute = ComputeContext.Use(new ComputeContext(2));
        Assert.Equal(Ops.ReluMlp(x, wIn, bIn, wOut, bOut, x).Data[..(700 * 32)], relu.Output);
    }

    [Fact]
    public void RefusesTheIdentity()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Mlp(Tensor.Zeros(2, 3), Tensor.Zeros(3, 4), null, Tensor.Zeros(4, 3), null, null, FusedActivation.None));
        Assert.Contains("Relu, Gelu, GeluTanh or Silu", error.Message);
    }
}
