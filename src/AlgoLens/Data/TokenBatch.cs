namespace AlgoLens.Data;

/// <summary>
/// A batch of token sequences, stored row-major as [batch, positions]. Sequences of different
/// lengths are padded to one length; <see cref="AttentionMask"/> then says which slots hold real
/// tokens (TransformerLens's and Hugging Face's <c>attention_mask</c>: true = a real token).
/// </summary>
public sealed class TokenBatch
{
    /// <summary>Wraps ids laid out as [batch, positions], with an optional [batch, positions] mask of real tokens.</summary>
    public TokenBatch(int[] ids, int batch, int positions, bool[]? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (batch < 1 || positions < 1 || ids.Length != batch * positions)
        {
            throw new ArgumentException($"{ids.Length} token ids do not form a [{batch}, {positions}] batch.");
        }
        if (attentionMask is not null && attentionMask.Length != ids.Length)
        {
            throw new ArgumentException($"The attention mask has {attentionMask.Length} entries; a [{batch}, {positions}] batch needs {ids.Length}.");
        }
        Ids = ids;
        Batch = batch;
        Positions = positions;
        AttentionMask = attentionMask;
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
                throw new ArgumentException($"Sequence {r} has {rows[r].Count} tokens but sequence 0 has {positions}; all sequences in a batch need the same length (use FromPaddedRows for sequences of different lengths).");
            }
        }
        return new TokenBatch(rows.SelectMany(r => r).ToArray(), rows.Count, positions);
    }

    /// <summary>
    /// Builds a batch from rows of any lengths, padding each on the right with <paramref name="padToken"/>
    /// to the longest and marking the padding in <see cref="AttentionMask"/>.
    /// </summary>
    public static TokenBatch FromPaddedRows(IReadOnlyList<IReadOnlyList<int>> rows, int padToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows.Any(r => r.Count == 0))
        {
            throw new ArgumentException("A token batch needs at least one sequence, and every sequence at least one token.");
        }
        int positions = rows.Max(r => r.Count);
        var ids = new int[rows.Count * positions];
        var mask = new bool[ids.Length];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int p = 0; p < positions; p++)
            {
                bool real = p < rows[r].Count;
                ids[r * positions + p] = real ? rows[r][p] : padToken;
                mask[r * positions + p] = real;
            }
        }
        return new TokenBatch(ids, rows.Count, positions, rows.All(r => r.Count == positions) ? null : mask);
    }

    /// <summary>Token ids, [batch, positions] row-major.</summary>
    public int[] Ids { get; }

    /// <summary>Number of sequences.</summary>
    public int Batch { get; }

    /// <summary>Length of each (padded) sequence.</summary>
    public int Positions { get; }

    /// <summary>[batch, positions], true where a real token stands; null when no slot is padding.</summary>
    public bool[]? AttentionMask { get; }

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

    /// <summary>The sequences at <paramref name="rows"/>, in that order (mask included).</summary>
    public TokenBatch SelectRows(ReadOnlySpan<int> rows)
    {
        var ids = new int[rows.Length * Positions];
        var mask = AttentionMask is null ? null : new bool[ids.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(Ids, rows[i] * Positions, ids, i * Positions, Positions);
            if (mask is not null)
            {
                Array.Copy(AttentionMask!, rows[i] * Positions, mask, i * Positions, Positions);
            }
        }
        return new TokenBatch(ids, rows.Length, Positions, mask);
    }
}
