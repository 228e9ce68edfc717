using System.Globalization;
using System.Text.RegularExpressions;

namespace AlgoLens.Analysis.Patching;

/// <summary>
/// Where a path-patched sender's effect is let in: one input (q, k or v) of one head, or the
/// residual stream at the unembedding (the logits). Written "L1H0:q", "L1H0" (its q, k and v),
/// "logits".
/// </summary>
/// <param name="Layer">The receiving head's layer (null for the logits).</param>
/// <param name="Head">The receiving head (null for the logits).</param>
/// <param name="Input">'q', 'k' or 'v' (null for the logits).</param>
public sealed partial record PathReceiver(int? Layer, int? Head, char? Input)
{
    /// <summary>The residual stream at the unembedding.</summary>
    public static PathReceiver Logits { get; } = new(null, null, null);

    /// <summary>True for the residual stream at the unembedding.</summary>
    public bool IsLogits => Layer is null;

    /// <summary>The hook whose activation carries this receiver's input: blocks.L.hook_q_input (k, v) or the last block's hook_resid_post.</summary>
    public string HookName(int layers) => IsLogits ? $"blocks.{layers - 1}.hook_resid_post" : $"blocks.{Layer}.hook_{Input}_input";

    /// <inheritdoc/>
    public override string ToString() => IsLogits ? "logits" : $"L{Layer}H{Head}:{Input}";

    /// <summary>Every head's q, k and v from <paramref name="fromLayer"/> on, and the logits: everything downstream of a sender in the layer before.</summary>
    public static IReadOnlyList<PathReceiver> AllFrom(int fromLayer, int layers, int heads) =>
        [.. Enumerable.Range(fromLayer, Math.Max(0, layers - fromLayer)).SelectMany(l => Enumerable.Range(0, heads).SelectMany(h => Qkv(l, h))), Logits];

    /// <summary>
    /// Parses a comma-separated list: "logits", "L1H0" (q, k and v of that head), "L1H0:q". Each
    /// head must exist in a model of <paramref name="layers"/> × <paramref name="heads"/>.
    /// </summary>
    public static IReadOnlyList<PathReceiver> ParseList(string text, int layers, int heads)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<PathReceiver>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Equals("logits", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(Logits);
                continue;
            }
            var match = Pattern().Match(item);
            if (!match.Success)
            {
                throw new ArgumentException($"Receiver '{item}' is not one of: logits, LxHy (a head's q, k and v), LxHy:q, LxHy:k, LxHy:v.");
            }
            int layer = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), head = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (layer >= layers || head >= heads)
            {
                throw new ArgumentException($"Receiver '{item}' names a head the model lacks; it has layers 0..{layers - 1} and heads 0..{heads - 1}.");
            }
            result.AddRange(match.Groups[3].Success ? [new PathReceiver(layer, head, char.ToLowerInvariant(match.Groups[3].Value[0]))] : Qkv(layer, head));
        }
        if (result.Count == 0)
        {
            throw new ArgumentException("No receiver given; write e.g. logits or L1H0:k,L1H1.");
        }
        return result.Distinct().ToList();
    }

    private static IEnumerable<PathReceiver> Qkv(int layer, int head) => "qkv".Select(c => new PathReceiver(layer, head, c));

    [GeneratedRegex(@"^L(\d+)H(\d+)(?::([qkvQKV]))?$")]
    private static partial Regex Pattern();
}
