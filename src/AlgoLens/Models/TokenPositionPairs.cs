using AlgoLens.Data;
namespace AlgoLens.Models;

/// <summary>
/// The distinct (token, position) pairs of a batch, in order of first appearance, and for each
/// slot of the batch the index of its pair. The first block's activations before attention
/// depend only on the pair, so they are computed once per pair.
/// </summary>
internal sealed class TokenPositionPairs
{
    private TokenPositionPairs(int[] tokens, int[] positions, int[] slots)
    {
        Tokens = tokens;
        Positions = positions;
        Slots = slots;
    }

    /// <summary>Token of each distinct pair.</summary>
    public int[] Tokens { get; }

    /// <summary>Position of each distinct pair.</summary>
    public int[] Positions { get; }

    /// <summary>For each [batch, pos] slot, the index of its pair.</summary>
    public int[] Slots { get; }

    /// <summary>Number of distinct pairs.</summary>
    public int Count => Tokens.Length;

    public static TokenPositionPairs Of(TokenBatch batch)
    {
        var index = new Dictionary<long, int>();
        var tokens = new List<int>();
        var positions = new List<int>();
        var slots = new int[batch.Ids.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            int token = batch.Ids[i], position = i % batch.Positions;
            long key = ((long)position << 32) | (uint)token;
            if (!index.TryGetValue(key, out int pair))
            {
                pair = tokens.Count;
                index[key] = pair;
                tokens.Add(token);
                positions.Add(position);
            }
            slots[i] = pair;
        }
        return new TokenPositionPairs(tokens.ToArray(), positions.ToArray(), slots);
    }

    /// <summary>Pair indices at the given positions, [batch, positions.Length].</summary>
    public int[] SlotsAt(int[] positions, int sequenceLength)
    {
        int batch = Slots.Length / sequenceLength;
        var result = new int[batch * positions.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < positions.Length; i++)
            {
                result[b * positions.Length + i] = Slots[b * sequenceLength + positions[i]];
            }
        }
        return result;
    }
}
