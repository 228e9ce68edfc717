using AlgoLens.Data;

namespace AlgoLens.Tasks.Sequences;

public sealed partial class RepeatTask
{
    /// <summary>Whether a position is in the repeated copy.</summary>
    public IReadOnlyList<TaskFeatureInfo> Features { get; } =
    [
        new("repeated", TaskFeatureKind.Class, true, "every position after BOS",
            "1 in the second copy (halves: positions L+1..2L; embedded: the stretch's second occurrence), 0 elsewhere"),
    ];

    /// <inheritdoc/>
    public double[,] FeatureValues(TaskFeatureInfo feature, int? parameter, TokenBatch input)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(input);
        return TaskFeatures.PerRow(input, row =>
        {
            Answer(row); // refuses what is not an example of the task
            var (start, length) = Layout == RepeatLayout.Embedded
                ? (EmbeddedRepeat.Find(row).Second, EmbeddedRepeat.Find(row).Length)
                : ((row.Length - 1) / 2 + 1, (row.Length - 1) / 2);
            var values = new double[row.Length];
            values[0] = double.NaN; // BOS belongs to neither copy
            for (int p = 1; p < row.Length; p++)
            {
                values[p] = p >= start && p < start + length ? 1 : 0;
            }
            return values;
        });
    }
}
