using AlgoLens.Data;

namespace AlgoLens.Tasks.Logic;

public sealed partial class BracketsTask
{
    /// <summary>The nesting depth after each bracket.</summary>
    public IReadOnlyList<TaskFeatureInfo> Features { get; } =
    [
        new("depth", TaskFeatureKind.Class, true, "the bracket positions (between START and END)",
            "the elevation after the bracket: opens minus closes from the first bracket to it (below 0 where an unbalanced string dips)"),
    ];

    /// <inheritdoc/>
    public double[,] FeatureValues(TaskFeatureInfo feature, int? parameter, TokenBatch input)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(input);
        int end = Vocabulary.Id(End);
        return TaskFeatures.PerRow(input, row =>
        {
            Answer(row); // refuses what is not an example of the task
            var values = Enumerable.Repeat(double.NaN, row.Length).ToArray();
            int elevation = 0;
            for (int p = 1; row[p] != end; p++)
            {
                elevation += row[p] == OpenId ? 1 : -1;
                values[p] = elevation;
            }
            return values;
        });
    }
}
