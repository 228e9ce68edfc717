namespace AlgoLens.Tensors.Tests;

/// <summary>An op's output and its inputs' gradients from one forward and backward, for comparing two paths.</summary>
internal sealed record OutputAndGradients(float[] Output, float[][] Gradients)
{
    /// <summary>Asserts the same bits in the output and every gradient (not merely close values).</summary>
    public static void AssertBitwiseEqual(OutputAndGradients expected, OutputAndGradients actual)
    {
        Assert.Equal(expected.Output.Select(BitConverter.SingleToInt32Bits), actual.Output.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected.Gradients.Length, actual.Gradients.Length);
        for (int t = 0; t < expected.Gradients.Length; t++)
        {
            Assert.Equal(expected.Gradients[t].Select(BitConverter.SingleToInt32Bits), actual.Gradients[t].Select(BitConverter.SingleToInt32Bits));
        }
    }
}
