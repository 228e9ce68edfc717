using AlgoLens.Models;

namespace AlgoLens.Analysis.Probes;

/// <summary>The rows a probe reads: a cached hook's activations at chosen positions, one row per (example, position).</summary>
public static class ProbeActivations
{
    /// <summary>
    /// The activation at <paramref name="hookName"/> (full name or shorthand) of shape
    /// [batch, pos, ...] at <paramref name="positions"/> (all when null; negative counts from the
    /// end), flattened to rows [batch · positions, size of the trailing axes], example-major: row
    /// b · positions + j is example b at positions[j]. Attention patterns and scores, whose second
    /// axis is the head, are refused.
    /// </summary>
    public static double[,] FromCache(ActivationCache cache, string hookName, int[]? positions = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        string full = cache.Resolve(hookName);
        var activation = cache[full];
        var shape = activation.Shape;
        if (shape.Length < 3 || full.EndsWith("hook_pattern", StringComparison.Ordinal) || full.EndsWith("hook_attn_scores", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{full}' has shape [{string.Join(", ", shape)}]; a probe reads hooks of shape [batch, pos, ...] such as resid_post, mlp_out or post. Choose such a hook.", nameof(hookName));
        }
        int batch = shape[0], length = shape[1], width = activation.Size / (batch * length);
        var chosen = (positions ?? Enumerable.Range(0, length).ToArray()).Select(p =>
        {
            int q = p < 0 ? p + length : p;
            return q >= 0 && q < length
                ? q
                : throw new ArgumentOutOfRangeException(nameof(positions), $"Position {p} is outside the sequence of {length}; use 0..{length - 1} or −{length}..−1.");
        }).ToArray();
        if (chosen.Length == 0)
        {
            throw new ArgumentException("No positions given; give at least one position or null for all.", nameof(positions));
        }
        var rows = new double[batch * chosen.Length, width];
        var data = activation.Data;
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < chosen.Length; j++)
            {
                int source = (b * length + chosen[j]) * width;
                for (int i = 0; i < width; i++)
                {
                    rows[b * chosen.Length + j, i] = data[source + i];
                }
            }
        }
        return rows;
    }
}
