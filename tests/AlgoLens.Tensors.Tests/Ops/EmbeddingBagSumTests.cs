namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

/// <summary><see cref="Ops.EmbeddingBagSum"/> against Sum(Embedding) + bias, finite differences and thread counts.</summary>
public class EmbeddingBagSumTests
{
    private readonly System.Random rng = new(83);

    private int[] Rows(int count, int tableRows) => Enumerable.Range(0, count).Select(_ => rng.Next(tableRows)).ToArray();

    [Theory]
    [InlineData(3, true)]
    [InlineData(1, false)]
    [InlineData(5, true)]
    public void MatchesTheSumOfTheGatheredRows(int bagSize, bool withBias)
    {
        const int bags = 150, d = 130;
        var table = GradCheck.Random(rng, [12, d]);
        var bias = withBias ? GradCheck.Random(rng, [d]) : null;
        var rows = Rows(bags * bagSize, 12); // rows repeat, so the scatter-add must sum them
        var weights = GradCheck.Random(rng, [bags, d], requiresGrad: false);
        Tensor[] inputs = [table, .. new[] { bias }.OfType<Tensor>()];
        var composed = Ops.Sum(Ops.Embedding(table, rows, bags, bagSize), axis: 1);
        if (bias is not null)
        {
            composed = composed + bias;
        }
        var fused = Ops.EmbeddingBagSum(table, rows, bagSize, bias);
        Assert.Equal(composed.Shape, fused.Shape);
        for (int i = 0; i < fused.Size; i++)
        {
            Assert.Equal(composed.Data[i], fused.Data[i], 5e-6f);
        }
        var expected = GradCheck.WeightedSumGradients(composed, weights, inputs);
        var actual = GradCheck.WeightedSumGradients(fused, weights, inputs);
        for (int t = 0; t < inputs.Length; t++)
        {
            for (int i = 0; i < expected[t].Length; i++)
            {
                Assert.Equal(expected[t][i], actual[t][i], 1e-4f);
            }
        }
    }

    [Fact]
    public void BackwardMatchesFiniteDifferences()
    {
        var rows = Rows(4 * 3, 6);
        GradCheck.Check(t => Ops.EmbeddingBagSum(t[0], rows, 3, t[1]), GradCheck.Random(rng, [6, 5]), GradCheck.Random(rng, [5]));
    }

    [Fact]
    public void OutputAndGradientsAreTheSameBitsForAnyThreadCount()
    {
        const int bags = 700, bagSize = 3, d = 200;
        var tableValues = GradCheck.Random(rng, [40, d], requiresGrad: false).Data;
        var biasValues = GradCheck.Random(rng, [d], requiresGrad: false).Data;
        var weights = GradCheck.Random(rng, [bags, d], requiresGrad: false);
        var rows = Rows(bags * bagSize, 40);
        GradCheck.AssertSameForOneAndTwoThreads(() =>
        {
            var table = new Tensor((float[])tableValues.Clone(), 40, d) { RequiresGrad = true };
            var bias = new Tensor((float[])biasValues.Clone(), d) { RequiresGrad = true };
            var output = Ops.EmbeddingBagSum(table, rows, bagSize, bias);
            return (output.ToArray(), GradCheck.WeightedSumGradients(output, weights, [table, bias]));
        });
    }

    [Fact]
    public void BadArgumentsAreRefusedWithTheFix()
    {
        var table = GradCheck.Random(rng, [4, 3]);
        Assert.Contains("whole number of bags", Assert.Throws<ArgumentException>(() => Ops.EmbeddingBagSum(table, [0, 1, 2], 2, null)).Message);
        Assert.Contains("out of range", Assert.Throws<ArgumentException>(() => Ops.EmbeddingBagSum(table, [0, 4], 2, null)).Message);
        Assert.Contains("bias [d]", Assert.Throws<ArgumentException>(() => Ops.EmbeddingBagSum(table, [0, 1], 2, GradCheck.Random(rng, [2]))).Message);
    }
}
