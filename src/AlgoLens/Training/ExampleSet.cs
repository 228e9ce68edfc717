using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Training;

/// <summary>
/// A subset of a task's examples gathered into one batch: inputs [n, seq] and labels
/// [n, loss positions] flattened row-major, ready for a forward pass.
/// </summary>
public sealed class ExampleSet
{
    /// <summary>Gathers the examples at <paramref name="indices"/> of a task's data.</summary>
    public ExampleSet(Tasks.TaskData data, IReadOnlyList<int> indices, int lossPositions)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(indices);
        int seq = data.Inputs.Positions;
        var ids = new int[indices.Count * seq];
        var labels = new int[indices.Count * lossPositions];
        for (int i = 0; i < indices.Count; i++)
        {
            int src = indices[i];
            Array.Copy(data.Inputs.Ids, src * seq, ids, i * seq, seq);
            Array.Copy(data.Labels, src * lossPositions, labels, i * lossPositions, lossPositions);
        }
        Indices = indices.ToArray();
        Inputs = new TokenBatch(ids, indices.Count, seq);
        Labels = labels;
    }

    /// <summary>The examples' indices in the task's canonical order.</summary>
    public int[] Indices { get; }

    /// <summary>The inputs, [n, seq].</summary>
    public TokenBatch Inputs { get; }

    /// <summary>The labels, [n, loss positions] row-major.</summary>
    public int[] Labels { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Inputs.Batch;
}
