namespace AlgoLens.Data;

/// <summary>
/// What a model reads: token ids (<see cref="Tokens"/>), or real-valued vectors per position
/// (<see cref="Values"/>, [batch, positions, width], e.g. the (x, y) pairs of in-context
/// regression or the feature vectors of a toy model of superposition). Both carry the same
/// optional [batch, positions] mask of real (non-padding) slots.
/// </summary>
public sealed class ModelInput
{
    private ModelInput(TokenBatch? tokens, float[]? values, int batch, int positions, int width, bool[]? attentionMask)
    {
        Tokens = tokens;
        Values = values;
        Batch = batch;
        Positions = positions;
        Width = width;
        AttentionMask = attentionMask;
    }

    /// <summary>Token input.</summary>
    public static ModelInput FromTokens(TokenBatch tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new ModelInput(tokens, null, tokens.Batch, tokens.Positions, 0, tokens.AttentionMask);
    }

    /// <summary>Real-valued input laid out as [batch, positions, width].</summary>
    public static ModelInput FromValues(float[] values, int batch, int positions, int width, bool[]? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (batch < 1 || positions < 1 || width < 1 || values.Length != (long)batch * positions * width)
        {
            throw new ArgumentException($"{values.Length} values do not form a [{batch}, {positions}, {width}] input.");
        }
        if (attentionMask is not null && attentionMask.Length != batch * positions)
        {
            throw new ArgumentException($"The attention mask has {attentionMask.Length} entries; a [{batch}, {positions}] input needs {batch * positions}.");
        }
        return new ModelInput(null, values, batch, positions, width, attentionMask);
    }

    /// <summary>Token ids as input.</summary>
    public static implicit operator ModelInput(TokenBatch tokens) => FromTokens(tokens);

    /// <summary>The tokens, for token input; null for real-valued input.</summary>
    public TokenBatch? Tokens { get; }

    /// <summary>[batch, positions, width] values, for real-valued input; null for tokens.</summary>
    public float[]? Values { get; }

    /// <summary>True for token input.</summary>
    public bool IsTokens => Tokens is not null;

    /// <summary>Number of sequences.</summary>
    public int Batch { get; }

    /// <summary>Positions per sequence (padded length).</summary>
    public int Positions { get; }

    /// <summary>Values per position for real-valued input; 0 for tokens.</summary>
    public int Width { get; }

    /// <summary>[batch, positions], true where a real slot stands; null when nothing is padding.</summary>
    public bool[]? AttentionMask { get; }

    /// <summary>The tokens, or an error naming what the model needs.</summary>
    public TokenBatch RequireTokens(string who) =>
        Tokens ?? throw new ArgumentException($"{who} reads token ids, but this input holds real values [{Batch}, {Positions}, {Width}].");

    /// <summary>The sequences at <paramref name="rows"/>, in that order.</summary>
    public ModelInput SelectRows(ReadOnlySpan<int> rows)
    {
        if (Tokens is not null)
        {
            return FromTokens(Tokens.SelectRows(rows));
        }
        int stride = Positions * Width;
        var values = new float[rows.Length * stride];
        var mask = AttentionMask is null ? null : new bool[rows.Length * Positions];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(Values!, rows[i] * stride, values, i * stride, stride);
            if (mask is not null)
            {
                Array.Copy(AttentionMask!, rows[i] * Positions, mask, i * Positions, Positions);
            }
        }
        return FromValues(values, rows.Length, Positions, Width, mask);
    }
}
