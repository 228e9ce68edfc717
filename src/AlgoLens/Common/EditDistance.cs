namespace AlgoLens.Common;

/// <summary>Levenshtein distance, for "did you mean" suggestions on misspelt names.</summary>
public static class EditDistance
{
    /// <summary>Fewest single-character insertions, deletions and substitutions, ignoring case.</summary>
    public static int Between(string left, string right)
    {
        string a = left.ToLowerInvariant();
        string b = right.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The candidate closest to <paramref name="name"/>; the earliest one on a tie.</summary>
    public static string Closest(string name, IEnumerable<string> candidates) =>
        candidates.MinBy(candidate => Between(name, candidate))
            ?? throw new ArgumentException("There are no candidates to suggest from.");
}
