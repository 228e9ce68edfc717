using AlgoLens.Data;
using AlgoLens.Tensors;

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

    /// <summary>
    /// The pairs of <paramref name="batch"/>. Its arrays come from <see cref="MemoryScope.RentInts"/>
    /// (inside a scope, pooled: valid until the scope ends).
    /// </summary>
    public static TokenPositionPairs Of(TokenBatch batch)
    {
        var ids = batch.Ids;
        int positions = batch.Positions;
        var slots = MemoryScope.RentInts(ids.Length);
        int count = LookupTableFits(ids, positions, out int symbols)
            ? NumberByTable(ids, positions, symbols, slots)
            : NumberByDictionary(ids, positions, slots);
        // Pairs are numbered by first appearance, so in slot order pair p first appears after
        // pair p − 1 first does: one pass finds each pair's first slot.
        var tokens = MemoryScope.RentInts(count);
        var pairPositions = MemoryScope.RentInts(count);
        for (int i = 0, next = 0; next < count; i++)
        {
            if (slots[i] == next)
            {
                tokens[next] = ids[i];
                pairPositions[next++] = i % positions;
            }
        }
        return new TokenPositionPairs(tokens, pairPositions, slots);
    }

    // A dense (symbol, position) → pair table pays when it is not much larger than the batch
    // (true of the small vocabularies this path serves); a dictionary serves the rest.
    private static bool LookupTableFits(int[] ids, int positions, out int symbols)
    {
        int min = int.MaxValue, max = int.MinValue;
        foreach (int id in ids)
        {
            min = Math.Min(min, id);
            max = Math.Max(max, id);
        }
        symbols = max + 1;
        return min >= 0 && (long)symbols * positions <= 4L * ids.Length + 4096;
    }

    private static int NumberByTable(int[] ids, int positions, int symbols, int[] slots)
    {
        var pairOf = MemoryScope.RentInts(symbols * positions); // [symbol, position] → pair, −1: none yet
        Array.Fill(pairOf, -1);
        int count = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            ref int pair = ref pairOf[ids[i] * positions + i % positions];
            if (pair < 0)
            {
                pair = count++;
            }
            slots[i] = pair;
        }
        return count;
    }

    private static int NumberByDictionary(int[] ids, int positions, int[] slots)
    {
        var index = new Dictionary<long, int>();
        for (int i = 0; i < ids.Length; i++)
        {
            long key = ((long)(i % positions) << 32) | (uint)ids[i];
            if (!index.TryGetValue(key, out int pair))
            {
                pair = index.Count;
                index[key] = pair;
            }
            slots[i] = pair;
        }
        return index.Count;
    }

    /// <summary>Pair indices at the given positions, [batch, positions.Length].</summary>
    public int[] SlotsAt(int[] positions, int sequenceLength)
    {
        int batch = Slots.Length / sequenceLength;
        var result = MemoryScope.RentInts(batch * positions.Length);
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
