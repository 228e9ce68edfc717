using System.Runtime.InteropServices;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// Examples grouped by the bits of a vector of theirs: resamples that give the same activation give
/// the same forward pass, so an exact expectation runs each distinct vector once, weighted by how many
/// examples share it.
/// </summary>
internal static class DistinctVectors
{
    /// <summary>(a representative example, how many share its vector) for each distinct vector among <paramref name="examples"/>.</summary>
    public static (int Example, int Count)[] Of(float[] table, IReadOnlyList<int> examples, Func<int, int> offset, int length)
    {
        var groups = new Dictionary<int, List<(int Example, int Count)>>();
        var result = new List<(int Example, int Count)>();
        var indexOf = new Dictionary<int, int>(); // representative -> index in result
        foreach (int e in examples)
        {
            var vector = table.AsSpan(offset(e), length);
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(vector));
            int key = hash.ToHashCode();
            if (!groups.TryGetValue(key, out var bucket))
            {
                groups[key] = bucket = [];
            }
            int found = -1;
            foreach (var (rep, _) in bucket)
            {
                if (MemoryMarshal.AsBytes(table.AsSpan(offset(rep), length)).SequenceEqual(MemoryMarshal.AsBytes(vector)))
                {
                    found = rep;
                    break;
                }
            }
            if (found < 0)
            {
                bucket.Add((e, 0));
                indexOf[e] = result.Count;
                result.Add((e, 1));
            }
            else
            {
                int i = indexOf[found];
                result[i] = (found, result[i].Count + 1);
            }
        }
        return [.. result];
    }
}
