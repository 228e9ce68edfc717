namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// One example of a token task: its input tokens and, per position, the class to predict there
/// (-1 where the loss reads nothing). Both have the example's own length; a batch of examples of
/// different lengths is padded by <see cref="TokenExamples.ToBatch"/>.
/// </summary>
/// <param name="Input">Token ids.</param>
/// <param name="Target">Class per position, the same length as <paramref name="Input"/>; -1 where no loss is read.</param>
public sealed record TokenExample(int[] Input, int[] Target)
{
    /// <summary>Checks that the two have the same length.</summary>
    /// <exception cref="ArgumentException">They differ, or the example is empty.</exception>
    public TokenExample Validated()
    {
        ArgumentNullException.ThrowIfNull(Input);
        ArgumentNullException.ThrowIfNull(Target);
        if (Input.Length == 0 || Input.Length != Target.Length)
        {
            throw new ArgumentException($"An example needs as many targets as input tokens (at least one); got {Input.Length} tokens and {Target.Length} targets.");
        }
        return this;
    }
}
