using System.Collections.ObjectModel;
using AlgoLens.Common;

namespace AlgoLens.Tasks;

/// <summary>
/// A task's tokens by name: the index of a name is its token id. Turns text into ids and back, as
/// TransformerLens's <c>to_tokens</c> and <c>to_str_tokens</c>, so that a user can type
/// <c>--input "START 4 6 2 9 MID"</c>. Tokens are separated by white space; names are matched
/// exactly (case-sensitive, since "A" and "a" can be different tokens).
/// </summary>
public sealed class TaskVocabulary
{
    private readonly Dictionary<string, int> ids;

    /// <summary>Names tokens 0..n-1; <paramref name="padToken"/> names the padding token, if the task pads.</summary>
    public TaskVocabulary(IReadOnlyList<string> names, string? padToken = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Token {i} is named '{names[i]}'; token names must be non-empty and contain no white space.");
            }
            if (!ids.TryAdd(names[i], i))
            {
                throw new ArgumentException($"Token name '{names[i]}' is used twice (ids {ids[names[i]]} and {i}); names must be unique.");
            }
        }
        Names = new ReadOnlyCollection<string>(names.ToArray());
        if (padToken is not null)
        {
            PadToken = ids.TryGetValue(padToken, out int pad) ? pad : throw new ArgumentException($"The pad token '{padToken}' is not in the vocabulary.");
        }
    }

    /// <summary>An empty vocabulary (real-valued inputs or targets).</summary>
    public static TaskVocabulary None { get; } = new([]);

    /// <summary>Token names; the index is the token id.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Names.Count;

    /// <summary>The id of the padding token, or null when the task never pads.</summary>
    public int? PadToken { get; }

    /// <summary>The id of a token name.</summary>
    /// <exception cref="ArgumentException">No such token; the message names the closest ones.</exception>
    public int Id(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ids.TryGetValue(name, out int id))
        {
            return id;
        }
        string known = Count <= 40 ? string.Join(" ", Names) : string.Join(" ", Names.Take(20)) + " ... " + string.Join(" ", Names.Skip(Count - 5));
        throw new ArgumentException($"'{name}' is not a token of this task; did you mean '{EditDistance.Closest(name, Names)}'? Tokens: {known}.");
    }

    /// <summary>Token ids of white-space-separated token names, e.g. "3 5 =" → [3, 5, 113].</summary>
    public int[] ToTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException("The input has no tokens; write token names separated by spaces, e.g. \"3 5 =\".");
        }
        return Array.ConvertAll(parts, Id);
    }

    /// <summary>The name of each token id.</summary>
    public string[] ToStrTokens(ReadOnlySpan<int> tokens)
    {
        var names = new string[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            names[i] = (uint)tokens[i] < (uint)Count
                ? Names[tokens[i]]
                : throw new ArgumentException($"Token id {tokens[i]} is outside the vocabulary 0..{Count - 1}.");
        }
        return names;
    }

    /// <summary>Token names joined by spaces (the inverse of <see cref="ToTokens"/>).</summary>
    public string ToText(ReadOnlySpan<int> tokens) => string.Join(" ", ToStrTokens(tokens));
}
