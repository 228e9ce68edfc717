using AlgoLens.Analysis.Measures;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Measures;

public class AttentionEntropyTests
{
    // [batch 2, head 2, q 3, k 3]: head 0 uniform over the 3 keys at every query, head 1 one-hot.
    private static Tensor Pattern()
    {
        var data = new float[2 * 2 * 3 * 3];
        for (int b = 0; b < 2; b++)
        {
            for (int q = 0; q < 3; q++)
            {
                for (int k = 0; k < 3; k++)
                {
                    data[((b * 2 + 0) * 3 + q) * 3 + k] = 1f / 3;
                }
                data[((b * 2 + 1) * 3 + q) * 3 + (q + b) % 3] = 1;
            }
        }
        return new Tensor(data, 2, 2, 3, 3);
    }

    [Fact]
    public void UniformAttentionHasEntropyLnOfTheKeysAndOneHotZero()
    {
        var entropy = AttentionEntropy.PerHead(Pattern(), [2]);
        Assert.Equal(Math.Log(3), entropy[0], 6);
        Assert.Equal(0, entropy[1]);
    }

    [Fact]
    public void AMaskedKeyAddsNothing()
    {
        // Causal first query: all weight on key 0, the masked keys at 0.
        var pattern = new Tensor([1f, 0, 0, 0.5f, 0.5f, 0], 1, 1, 2, 3);
        Assert.Equal(0, AttentionEntropy.PerHead(pattern, [0])[0]);
        Assert.Equal(Math.Log(2), AttentionEntropy.PerHead(pattern, [1])[0], 6);
        Assert.Equal(Math.Log(2) / 2, AttentionEntropy.PerHead(pattern, [0, 1])[0], 6);
    }

    [Fact]
    public void QueryPositionsOutsideThePatternAreRefused() =>
        Assert.Contains("0 .. 2", Assert.Throws<ArgumentException>(() => AttentionEntropy.PerHead(Pattern(), [3])).Message);
}
