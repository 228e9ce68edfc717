using AlgoLens.Data;

namespace AlgoLens.Tasks.Sequences;

/// <summary>Turns token examples into a batch, and a batch back into examples.</summary>
public static class TokenExamples
{
    /// <summary>
    /// The examples as one batch. Examples of one length make a plain batch; examples of different
    /// lengths are padded on the right with <paramref name="padToken"/> (which the attention mask
    /// hides) and their padding gets no loss.
    /// </summary>
    /// <exception cref="ArgumentException">No examples, an invalid one, or lengths that differ without a pad token.</exception>
    public static ExampleBatch ToBatch(IReadOnlyList<TokenExample> examples, int? padToken = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one example.");
        }
        foreach (var example in examples)
        {
            example.Validated();
        }
        int positions = examples.Max(e => e.Input.Length);
        bool ragged = examples.Any(e => e.Input.Length != positions);
        if (ragged && padToken is null)
        {
            throw new ArgumentException("The examples have different lengths but the task names no pad token.");
        }
        var tokens = ragged
            ? TokenBatch.FromPaddedRows(examples.Select(e => (IReadOnlyList<int>)e.Input).ToArray(), padToken!.Value)
            : TokenBatch.FromRows(examples.Select(e => (IReadOnlyList<int>)e.Input).ToArray());
        var classes = new int[examples.Count * positions];
        Array.Fill(classes, -1);
        for (int r = 0; r < examples.Count; r++)
        {
            examples[r].Target.CopyTo(classes, r * positions);
        }
        return new ExampleBatch(tokens, Targets.FromClasses(classes, examples.Count, positions));
    }

    /// <summary>Row <paramref name="row"/> of a token batch as an example, its padding removed.</summary>
    public static TokenExample Row(ExampleBatch batch, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tokens = batch.Input.RequireTokens("a token example");
        int positions = tokens.Positions, length = positions;
        if (tokens.AttentionMask is { } mask)
        {
            length = 0;
            while (length < positions && mask[row * positions + length])
            {
                length++;
            }
        }
        var input = tokens.Ids.AsSpan(row * positions, length).ToArray();
        var target = batch.Targets.Classes is { } classes
            ? classes.AsSpan(row * positions, length).ToArray()
            : throw new ArgumentException("This batch has real-valued targets, not classes.");
        return new TokenExample(input, target);
    }
}
