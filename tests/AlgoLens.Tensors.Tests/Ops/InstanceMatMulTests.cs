namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary><see cref="Ops.InstanceMatMul"/> against Permute → MatMul → Permute, finite differences and thread counts.</summary>
public class InstanceMatMulTests
{
    private readonly System.Random rng = new(89);

    [Theory]
    [InlineData(false, 5)] // direct GEMM path
    [InlineData(true, 5)]
    [InlineData(false, 300)] // packed GEMM path
    [InlineData(true, 300)]
    public void MatchesThePermutedBatchedProduct(bool transposeW, int batch)
    {
        const int instances = 3, k = 40, n = 24;
        var x = GradCheck.Random(rng, [batch, instances, k]);
        var w = GradCheck.Random(rng, transposeW ? [instances, n, k] : [instances, k, n]);
        var weights = GradCheck.Random(rng, [batch, instances, n], requiresGrad: false);
        var composed = Ops.Permute(Ops.MatMul(Ops.Permute(x, 1, 0, 2), w, transposeB: transposeW), 1, 0, 2);
        var direct = Ops.InstanceMatMul(x, w, transposeW);
        Assert.Equal(composed.Shape, direct.Shape);
        for (int i = 0; i < direct.Size; i++)
        {
            Assert.Equal(composed.Data[i], direct.Data[i], 1e-5f);
        }
        var expected = GradCheck.WeightedSumGradients(composed, weights, [x, w]);
        var actual = GradCheck.WeightedSumGradients(direct, weights, [x, w]);
        for (int t = 0; t < 2; t++)
        {
            for (int i = 0; i < expected[t].Length; i++)
            {
                Assert.Equal(expected[t][i], actual[t][i], 1e-4f);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackwardMatchesFiniteDifferences(bool transposeW)
    {
        GradCheck.Check(t => Ops.InstanceMatMul(t[0], t[1], transposeW),
            GradCheck.Random(rng, [4, 2, 3]), GradCheck.Random(rng, transposeW ? [2, 5, 3] : [2, 3, 5]));
    }

    [Fact]
    public void OutputAndGradientsAreTheSameBitsForAnyThreadCount()
    {
        var xValues = GradCheck.Random(rng, [512, 4, 64], requiresGrad: false).Data;
        var wValues = GradCheck.Random(rng, [4, 16, 64], requiresGrad: false).Data;
        var weights = GradCheck.Random(rng, [512, 4, 16], requiresGrad: false);
        GradCheck.AssertSameForOneAndTwoThreads(() =>
        {
            var x = new Tensor((float[])xValues.Clone(), 512, 4, 64) { RequiresGrad = true };
            var w = new Tensor((float[])wValues.Clone(), 4, 16, 64) { RequiresGrad = true };
            var output = Ops.InstanceMatMul(x, w, transposeW: true);
            return (output.ToArray(), GradCheck.WeightedSumGradients(output, weights, [x, w]));
        });
    }

    [Fact]
    public void ShapesThatDoNotFitAreRefusedWithTheFix()
    {
        var x = GradCheck.Random(rng, [2, 3, 4]);
        Assert.Contains("[batch, instances, k]", Assert.Throws<ArgumentException>(() => Ops.InstanceMatMul(x, GradCheck.Random(rng, [2, 4, 5]))).Message);
        Assert.Contains("[batch, instances, k]", Assert.Throws<ArgumentException>(() => Ops.InstanceMatMul(x, GradCheck.Random(rng, [3, 4, 5]), transposeW: true)).Message);
    }
}
