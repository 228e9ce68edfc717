using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

public class MeanSquaredErrorTests
{
    private readonly System.Random rng = new(21);

    [Fact]
    public void KnownValueIsTheMeanOverReadRowsAndOutputs()
    {
        // Rows 0 and 2 read: errors (1, 2) and (3, -1), weights (1, 0.5):
        // (1·1 + 0.5·4 + 1·9 + 0.5·1) / (2 rows · 2 outputs) = 12.5 / 4.
        var pred = new Tensor([1f, 2f, 100f, 100f, 3f, -1f], 3, 2);
        float[] target = [0f, 0f, 0f, 0f, 0f, 0f];
        var loss = Ops.MeanSquaredError(pred, target, [1f, 0.5f], [true, false, true], out double exact);
        Assert.Equal(12.5 / 4, exact, 12);
        Assert.Equal(3.125f, loss.Item());
        Assert.Empty(loss.Shape);
    }

    [Fact]
    public void WithoutWeightsOrMaskItIsPlainMse()
    {
        var pred = GradCheck.Random(rng, [4, 3]);
        var target = GradCheck.Random(rng, [4, 3], requiresGrad: false);
        Ops.MeanSquaredError(pred, target.Data, null, null, out double exact);
        double expected = pred.Data.Zip(target.Data, (p, t) => ((double)p - t) * ((double)p - t)).Average();
        Assert.Equal(expected, exact, 6);
    }

    [Fact]
    public void BackwardMatchesFiniteDifferences()
    {
        var target = GradCheck.Random(rng, [5, 3], requiresGrad: false).Data;
        float[] weights = [1f, 0.9f, 0.81f];
        bool[] mask = [true, false, true, true, false];
        GradCheck.Check(t => Ops.MeanSquaredError(t[0], target, weights, mask), GradCheck.Random(rng, [5, 3]));
        GradCheck.Check(t => Ops.MeanSquaredError(t[0], target), GradCheck.Random(rng, [5, 3]));
    }

    [Fact]
    public void MaskedRowsGetNoGradient()
    {
        var pred = GradCheck.Random(rng, [2, 2]);
        Ops.MeanSquaredError(pred, new float[4], null, [false, true]).Backward();
        Assert.Equal(0f, pred.Grad![0]);
        Assert.Equal(0f, pred.Grad![1]);
        Assert.NotEqual(0f, pred.Grad![2]);
    }

    [Fact]
    public void BadShapesAreRefusedWithTheFix()
    {
        var pred = GradCheck.Random(rng, [2, 3]);
        Assert.Contains("Reshape", Assert.Throws<ArgumentException>(() => Ops.MeanSquaredError(GradCheck.Random(rng, [1, 2, 3]), new float[6])).Message);
        Assert.Contains("need 6", Assert.Throws<ArgumentException>(() => Ops.MeanSquaredError(pred, new float[5])).Message);
        Assert.Contains("one weight per output", Assert.Throws<ArgumentException>(() => Ops.MeanSquaredError(pred, new float[6], [1f, 2f])).Message);
        Assert.Contains("no row is read", Assert.Throws<ArgumentException>(() => Ops.MeanSquaredError(pred, new float[6], null, [false, false])).Message);
    }
}
