using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

public class NormSoftmaxLossGradTests
{
    private readonly System.Random rng = new(13);

    [Fact]
    public void SoftmaxRowsSumToOneAndBackward()
    {
        var x = GradCheck.Random(rng, [3, 7], -3f, 3f);
        var y = Ops.Softmax(x);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(1.0, y.Data.AsSpan(r * 7, 7).ToArray().Sum(v => (double)v), 5);
        }
        GradCheck.Check(t => Ops.Softmax(t[0]), x);
        GradCheck.Check(t => Ops.LogSoftmax(t[0]), GradCheck.Random(rng, [4, 5], -3f, 3f));
    }

    [Fact]
    public void CausalSoftmaxMasksTheFuture()
    {
        var x = GradCheck.Random(rng, [2, 4, 4]);
        var y = Ops.Softmax(x, causal: true);
        Assert.Equal(1f, y[0, 0, 0], 6);
        Assert.Equal(0f, y[1, 1, 2]);
        Assert.Equal(0f, y[1, 2, 3]);
        Assert.Equal(1.0, y[1, 2, 0] + y[1, 2, 1] + y[1, 2, 2], 5);
        GradCheck.Check(t => Ops.Softmax(t[0], causal: true), x);

        var masked = Ops.CausalMask(x);
        Assert.Equal(float.NegativeInfinity, masked[0, 1, 2]);
        Assert.Equal(x[0, 2, 1], masked[0, 2, 1]);
        var viaMask = Ops.Softmax(masked).Data;
        for (int i = 0; i < y.Size; i++)
        {
            Assert.Equal(y.Data[i], viaMask[i], 1e-6f);
        }
        GradCheck.Check(t => Ops.Softmax(Ops.CausalMask(t[0])), GradCheck.Random(rng, [3, 3]));
    }

    [Fact]
    public void MaskedFillSetsValuesAndBlocksGradient()
    {
        bool[] mask = [true, false, false, true];
        var x = GradCheck.Random(rng, [3, 4]);
        var y = Ops.MaskedFill(x, mask, -5f);
        Assert.Equal(-5f, y[2, 3]);
        Assert.Equal(x[2, 1], y[2, 1]);
        GradCheck.Check(t => Ops.MaskedFill(t[0], mask, 0f), x);
        Assert.Equal(0f, x.Grad![0]);
        Assert.Throws<ArgumentException>(() => Ops.MaskedFill(x, new bool[5], 0f));
    }

    [Fact]
    public void LayerNormNormalisesAndBackward()
    {
        var x = GradCheck.Random(rng, [2, 3, 8], -2f, 2f);
        var w = GradCheck.Random(rng, [8]);
        var b = GradCheck.Random(rng, [8]);
        var plain = Ops.LayerNorm(x, null, null, 1e-5f);
        for (int r = 0; r < 6; r++)
        {
            var row = plain.Data.AsSpan(r * 8, 8).ToArray();
            Assert.Equal(0.0, row.Average(v => (double)v), 5);
            Assert.Equal(1.0, row.Average(v => (double)v * v), 3);
        }
        GradCheck.Check(t => Ops.LayerNorm(t[0], t[1], t[2], 1e-5f), x, w, b);
        GradCheck.Check(t => Ops.LayerNorm(t[0], null, null, 1e-5f), GradCheck.Random(rng, [3, 5]));
        Assert.Throws<ArgumentException>(() => Ops.LayerNorm(x, Tensor.Zeros(7), null, 1e-5f));
    }

    [Fact]
    public void CrossEntropyMatchesClosedFormAndBackward()
    {
        var logits = GradCheck.Random(rng, [4, 6], -3f, 3f);
        int[] labels = [0, 5, 2, 2];
        Ops.CrossEntropy(logits, labels, out double loss);
        double expected = 0;
        for (int r = 0; r < 4; r++)
        {
            double sum = 0;
            for (int j = 0; j < 6; j++)
            {
                sum += Math.Exp(logits[r, j]);
            }
            expected += Math.Log(sum) - logits[r, labels[r]];
        }
        Assert.Equal(expected / 4, loss, 12);
        GradCheck.Check(t => Ops.CrossEntropy(t[0], labels), logits);
    }

    [Fact]
    public void CrossEntropyOfLongRowsMatchesTheClosedForm()
    {
        // 37 classes: two whole vectors of 16 and a tail; one row with a gap past exp's range.
        var logits = GradCheck.Random(rng, [3, 37], -5f, 5f);
        logits.Data[37 + 3] = 900f;
        int[] labels = [36, 3, 17];
        Ops.CrossEntropy(logits, labels, out double loss);
        double expected = 0;
        for (int r = 0; r < 3; r++)
        {
            double max = Enumerable.Range(0, 37).Max(j => (double)logits[r, j]);
            double sum = Enumerable.Range(0, 37).Sum(j => Math.Exp(logits[r, j] - max));
            expected += max + Math.Log(sum) - logits[r, labels[r]];
        }
        Assert.Equal(expected / 3, loss, 12);
        GradCheck.Check(t => Ops.CrossEntropy(t[0], labels), GradCheck.Random(rng, [3, 37], -3f, 3f));
    }

    [Fact]
    public void CrossEntropyStaysExactForConfidentModels()
    {
        // A logit gap of 40 gives a loss near 2·exp(-40) ≈ 8.5e-18, which max + log(sum) rounds to 0
        // even in double; the loss of a grokked model lives down there.
        var logits = Tensor.FromArray([40f, 0f, 0f], 1, 3);
        Ops.CrossEntropy(logits, [0], out double loss);
        Assert.Equal(2 * Math.Exp(-40), loss, 1e-20);
        Assert.True(loss > 0);
        Ops.CrossEntropy(Tensor.FromArray([300f, 0f], 1, 2), [0], out double tiny);
        Assert.Equal(Math.Exp(-300), tiny, 1e-140);
    }

    [Fact]
    public void CrossEntropyRejectsBadLabels()
    {
        var logits = Tensor.Zeros(2, 3);
        Assert.Contains("label 3", Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(logits, [0, 3])).Message);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(logits, [0])).Message);
    }
}
