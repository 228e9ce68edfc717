using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Tasks;

/// <summary>
/// A task's whole dataset: the input sequences and, for each, one label per loss position.
/// </summary>
/// <param name="Inputs">Token ids, [N, SequenceLength].</param>
/// <param name="Labels">Label ids, [N, LossPositions.Count] row-major.</param>
public sealed record TaskData(TokenBatch Inputs, int[] Labels)
{
    /// <summary>Number of examples (N).</summary>
    public int Count => Inputs.Batch;

    /// <summary>The input tokens of example <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Input(int index) => Inputs.Ids.AsSpan(index * Inputs.Positions, Inputs.Positions);

    /// <summary>The labels of example <paramref name="index"/>, one per loss position.</summary>
    public ReadOnlySpan<int> Label(int index)
    {
        int perExample = Labels.Length / Inputs.Batch;
        return Labels.AsSpan(index * perExample, perExample);
    }
}
