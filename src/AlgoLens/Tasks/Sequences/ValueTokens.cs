using System.Globalization;

namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// The value tokens of the list tasks (sort, permute, repeat): values 0..V-1 are token ids 0..V-1,
/// named by their numbers, and are also the output classes, so that a target class and the input
/// token it copies share an id.
/// </summary>
internal static class ValueTokens
{
    /// <summary>"0", "1", .., V-1.</summary>
    public static string[] Names(int count) =>
        Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The output classes: the values alone.</summary>
    public static TaskVocabulary Vocabulary(int count) => new(Names(count));
}
