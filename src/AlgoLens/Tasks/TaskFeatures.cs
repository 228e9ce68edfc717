using System.Globalization;
using AlgoLens.Data;

namespace AlgoLens.Tasks;

/// <summary>
/// Looks up a task's named features (<see cref="ITaskFeatures"/>) by the name a user writes,
/// "a+b" or "cos_a:14", and refuses an unknown one with the list of those the task defines.
/// </summary>
public static class TaskFeatures
{
    /// <summary>The features <paramref name="task"/> defines; empty when it defines none.</summary>
    public static IReadOnlyList<TaskFeatureInfo> Of(ITask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task is ITaskFeatures features ? features.Features : [];
    }

    /// <summary>
    /// The feature <paramref name="name"/> names in <paramref name="task"/> and its parameter.
    /// </summary>
    /// <exception cref="ArgumentException">The task defines no features, or none of that name, or the parameter is missing or not a whole number.</exception>
    public static (TaskFeatureInfo Feature, int? Parameter) Find(ITask task, string name)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var features = Of(task);
        if (features.Count == 0)
        {
            throw new ArgumentException($"Task '{task.Name}' defines no features to probe. Tasks with features: {string.Join(", ", TasksWithFeatures)}.");
        }
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        string baseName = colon < 0 ? name : name[..colon];
        var feature = features.FirstOrDefault(f => f.Name == baseName)
            ?? throw new ArgumentException($"Task '{task.Name}' defines no feature '{name}'; it defines {List(features)}. `algolens tasks show {task.Name}` describes them.");
        if (feature.Parameter is null)
        {
            return colon < 0
                ? (feature, null)
                : throw new ArgumentException($"Feature '{feature.Name}' of task '{task.Name}' takes no parameter; write --feature {feature.Name}.");
        }
        if (colon < 0 || !int.TryParse(name.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int parameter))
        {
            throw new ArgumentException($"Feature '{feature.Name}' of task '{task.Name}' takes a whole-number {feature.Parameter}: write --feature {feature.Name}:{feature.Parameter}, e.g. {feature.Name}:1.");
        }
        return (feature, parameter);
    }

    /// <summary>
    /// The values of feature <paramref name="name"/> at each (row, position) of
    /// <paramref name="input"/> [rows, positions], NaN where it is not defined.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Find"/>, or the input is not examples of the task.</exception>
    public static (TaskFeatureInfo Feature, double[,] Values) Values(ITask task, string name, TokenBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (feature, parameter) = Find(task, name);
        return (feature, ((ITaskFeatures)task).FeatureValues(feature, parameter, input));
    }

    /// <summary>"a (class), cos_a:W (real), ..."</summary>
    public static string List(IEnumerable<TaskFeatureInfo> features) =>
        string.Join(", ", features.Select(f => $"{f.Syntax} ({f.KindName})"));

    /// <summary>Values [rows, positions] all NaN: each task fills in where its feature is defined.</summary>
    internal static double[,] Undefined(TokenBatch input)
    {
        var values = new double[input.Batch, input.Positions];
        for (int r = 0; r < input.Batch; r++)
        {
            for (int p = 0; p < input.Positions; p++)
            {
                values[r, p] = double.NaN;
            }
        }
        return values;
    }

    /// <summary>Row <paramref name="row"/>'s tokens without the padding on the right.</summary>
    internal static int[] Row(TokenBatch input, int row)
    {
        int length = input.Positions;
        if (input.AttentionMask is { } mask)
        {
            while (length > 0 && !mask[row * input.Positions + length - 1])
            {
                length--;
            }
        }
        return input.Ids.AsSpan(row * input.Positions, length).ToArray();
    }

    /// <summary>The built-in tasks that define features, for the message of a task that defines none.</summary>
    private static IReadOnlyList<string> TasksWithFeatures { get; } = ["add (and the other modular arithmetic tasks)", "sort", "repeat", "brackets", "automaton"];

    /// <summary>The per-position feature <paramref name="perRow"/> computes from each row's unpadded tokens (NaN where undefined).</summary>
    internal static double[,] PerRow(TokenBatch input, Func<int[], double[]> perRow)
    {
        var values = Undefined(input);
        for (int r = 0; r < input.Batch; r++)
        {
            var row = perRow(Row(input, r));
            for (int p = 0; p < row.Length; p++)
            {
                values[r, p] = row[p];
            }
        }
        return values;
    }
}
