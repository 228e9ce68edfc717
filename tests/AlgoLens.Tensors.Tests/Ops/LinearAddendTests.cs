namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary><see cref="Ops.Linear(Tensor, Tensor, Tensor?, Tensor?)"/> with a residual addend in the
/// product's epilogue against addend + Linear, bit for bit, and finite differences.</summary>
[Collection("Parallelism")]
public class LinearAddendTests
{
    [Theory]
    [InlineData(5, 7, 9, true, 1)] // direct path
    [InlineData(600, 128, 128, true, 2)] // packed path, threads
    [InlineData(600, 300, 40, false, 3)] // two K blocks, no bias
    public void MatchesAddendPlusLinearBitwise(int rows, int dIn, int dOut, bool bias, int threads)
    {
        float[][] Run(bool fused)
        {
            var rng = new System.Random(rows * dIn + dOut);
            var x = GradCheck.Random(rng, [rows, dIn]);
            var w = GradCheck.Random(rng, [dIn, dOut]);
            var b = bias ? GradCheck.Random(rng, [dOut]) : null;
            var addend = GradCheck.Random(rng, [rows, dOut]);
            var weights = GradCheck.Random(rng, [rows, dOut], requiresGrad: false);
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            var y = fused ? Ops.Linear(x, w, b, addend) : addend + Ops.Linear(x, w, b);
            Ops.SumAll(y * weights).Backward();
            return [y.Data[..y.Size], .. new[] { x, w, b, addend }.OfType<Tensor>().Select(t => t.Grad![..t.Size])];
        }
        var expected = Run(fused: false);
        var actual = Run(fused: true);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Select(BitConverter.SingleToInt32Bits), actual[i].Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void MatchesFiniteDifferences()
    {
        var rng = new System.Random(2);
        GradCheck.Check(t => Ops.Linear(t[0], t[1], t[2], t[3]),
            GradCheck.Random(rng, [2, 3, 4]), GradCheck.Random(rng, [4, 5]), GradCheck.Random(rng, [5]), GradCheck.Random(rng, [2, 3, 5]));
    }

    [Fact]
    public void RefusesAnAddendOfAnotherShape()
    {
        var message = Assert.Throws<ArgumentException>(() => Ops.Linear(Tensor.Zeros(2, 4), Tensor.Zeros(4, 5), null, Tensor.Zeros(2, 4))).Message;
        Assert.Contains("addend [2, 4]", message);
        Assert.Contains("output [2, 5]", message);
    }
}
