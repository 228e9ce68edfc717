namespace AlgoLens.Models;

/// <summary>A batch of token sequences of equal length, stored row-major as [batch, positions].</summary>
public sealed class TokenBatch
{
    /// <summary>Wraps ids laid out as [batch, positions].</summary>
    public TokenBatch(int[] ids, int batch, int positions)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (batch < 1 || positions < 1 || ids.Length != batch * positions)
        {
            throw new ArgumentException($"{ids.Length} token ids do not form a [{batch}, {positions}] batch.");
        }
        Ids = ids;
        Batch = batch;
        Positions = positions;
    }

    /// <summary>Builds a batch from rows that must all have the same length.</summary>
    public static TokenBatch FromRows(IReadOnlyList<IReadOnlyList<int>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows[0].Count == 0)
        {
            throw new ArgumentException("A token batch needs at least one non-empty sequence.");
        }
        int positions = rows[0].Count;
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].Count != positions)
            {
                throw new ArgumentException($"Sequence {r} has {rows[r].Count} tokens but sequence 0 has {positions}; all sequences in a batch need the same length.");
            }
        }
        return new TokenBatch(rows.SelectMany(r => r).ToArray(), rows.Count, positions);
    }

    /// <summary>Token ids, [batch, positions] row-major.</summary>
    public int[] Ids { get; }

    /// <summary>Number of sequences.</summary>
    public int Batch { get; }

    /// <summary>Length of each sequence.</summary>
    public int Positions { get; }

    /// <summary>Position ids 0..positions-1 for every sequence, [batch, positions].</summary>
    public int[] PositionIds()
    {
        var ids = new int[Ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = i % Positions;
        }
        return ids;
    }
}
