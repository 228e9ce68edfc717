using AlgoLens.Data;

namespace AlgoLens.Tests.Tasks;

/// <summary>An "a b =" dataset read as inputs and the one label at '=' per example, for the binary-operation tests.</summary>
internal sealed class BinaryData
{
    public BinaryData(ExampleBatch data)
    {
        Inputs = data.Input.Tokens!;
        var classes = data.Targets.Classes!;
        Labels = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            Assert.Equal(-1, classes[i * 3]);
            Assert.Equal(-1, classes[i * 3 + 1]);
            Labels[i] = classes[i * 3 + 2];
        }
    }

    public TokenBatch Inputs { get; }

    public int[] Labels { get; }

    public int Count => Inputs.Batch;

    public ReadOnlySpan<int> Input(int index) => Inputs.Ids.AsSpan(index * 3, 3);
}
