using AlgoLens.Common;
using AlgoLens.Data;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// What a hypothesis says an activation computes at one position, as a function of the input: two
/// inputs with the same feature value at a position are interchangeable there, so causal scrubbing
/// may take the activation at that position from any input of the same value (its equivalence class).
/// </summary>
public enum ScrubFeature
{
    /// <summary>The token at the position (<c>token</c>).</summary>
    Token,

    /// <summary>The token one position earlier (<c>previous_token</c>); position 0 has none, so every input agrees there.</summary>
    PreviousToken,

    /// <summary>The target class at the position, -1 where no loss is read (<c>target</c>).</summary>
    Target,

    /// <summary>The whole input (<c>input</c>): only the input itself is allowed, so the claimed part is not scrubbed.</summary>
    Input,

    /// <summary>Nothing (<c>none</c>): every input agrees, so the claimed part is resampled from a random input too.</summary>
    None,
}

/// <summary>The features' names in hypothesis files and their values on inputs.</summary>
public static class ScrubFeatures
{
    /// <summary>Every feature by its name in hypothesis files.</summary>
    public static IReadOnlyDictionary<string, ScrubFeature> ByName { get; } = new Dictionary<string, ScrubFeature>(StringComparer.Ordinal)
    {
        ["token"] = ScrubFeature.Token,
        ["previous_token"] = ScrubFeature.PreviousToken,
        ["target"] = ScrubFeature.Target,
        ["input"] = ScrubFeature.Input,
        ["none"] = ScrubFeature.None,
    };

    /// <summary>The feature's name in hypothesis files.</summary>
    public static string NameOf(ScrubFeature feature) => ByName.First(pair => pair.Value == feature).Key;

    /// <summary>The feature named <paramref name="name"/>, or an error listing the features.</summary>
    public static ScrubFeature Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out var feature)
            ? feature
            : throw new ArgumentException($"Unknown feature '{name}'; did you mean '{EditDistance.Closest(name, ByName.Keys)}'? Features: {string.Join(", ", ByName.Keys)}.");
    }

    /// <summary>
    /// The feature's value for row <paramref name="row"/> of <paramref name="examples"/> at
    /// <paramref name="position"/>: equal values mean the same equivalence class. <see cref="ScrubFeature.Input"/>
    /// is the row itself.
    /// </summary>
    public static long Value(ScrubFeature feature, ExampleBatch examples, int row, int position)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var tokens = examples.Input.Tokens!;
        int width = tokens.Positions;
        return feature switch
        {
            ScrubFeature.Token => tokens.Ids[row * width + position],
            ScrubFeature.PreviousToken => position == 0 ? -1 : tokens.Ids[row * width + position - 1],
            ScrubFeature.Target => examples.Targets.Classes![row * width + position],
            ScrubFeature.Input => row,
            _ => 0,
        };
    }
}
