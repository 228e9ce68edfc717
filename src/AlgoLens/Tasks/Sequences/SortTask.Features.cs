using AlgoLens.Data;

namespace AlgoLens.Tasks.Sequences;

public sealed partial class SortTask
{
    /// <summary>The rank of each input value: where it goes in the sorted output.</summary>
    public IReadOnlyList<TaskFeatureInfo> Features { get; } =
    [
        new("rank", TaskFeatureKind.Class, true, "the input list's positions 1..n",
            "the value's place in the sorted list, 0..n-1: the values below it plus its equals before it (ties kept in order)"),
    ];

    /// <inheritdoc/>
    public double[,] FeatureValues(TaskFeatureInfo feature, int? parameter, TokenBatch input)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(input);
        return TaskFeatures.PerRow(input, row =>
        {
            Answer(row); // refuses what is not an example of the task
            int mid = Array.IndexOf(row, MidToken);
            var values = Enumerable.Repeat(double.NaN, row.Length).ToArray();
            for (int i = 1; i < mid; i++)
            {
                int rank = 0;
                for (int j = 1; j < mid; j++)
                {
                    rank += row[j] < row[i] || (row[j] == row[i] && j < i) ? 1 : 0;
                }
                values[i] = rank;
            }
            return values;
        });
    }
}
