using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// The <see cref="RepeatLayout.Embedded"/> layout of the repeat task: random tokens in which one
/// subsequence occurs twice, non-overlapping, at random positions, and no other pair of adjacent
/// tokens occurs twice. That last rule makes the repeat the input's only repeated stretch of two
/// or more tokens, so it can be found from the input alone (<see cref="Find"/>): neither copy can
/// extend into its neighbours, and nothing else looks like a repeat.
/// </summary>
/// <param name="First">Position of the first copy's first token in the input (after BOS: 1 or more).</param>
/// <param name="Second">Position of the second copy's first token; at least First + Length.</param>
/// <param name="Length">Tokens in each copy, at least 2.</param>
public sealed record EmbeddedRepeat(int First, int Second, int Length)
{
    /// <summary>
    /// Draws <c>BOS</c> and <paramref name="context"/> tokens 0..<paramref name="values"/>-1 with a
    /// repeat of <paramref name="length"/> tokens: the two copies' places are two uniform draws of
    /// the free space's split, the tokens uniform, and a draw that repeats any other pair of
    /// adjacent tokens is drawn again.
    /// </summary>
    /// <returns>The input (BOS first) and where its repeat is.</returns>
    public static (int[] Input, EmbeddedRepeat Repeat) Draw(Rng rng, int bos, int context, int length, int values)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int free = context - 2 * length;
        while (true)
        {
            // The space outside the copies, split in three: before the first, between, after the second.
            int a = rng.NextInt(free + 1), b = rng.NextInt(free + 1);
            var repeat = new EmbeddedRepeat(1 + Math.Min(a, b), 1 + length + Math.Max(a, b), length);
            var input = new int[context + 1];
            input[0] = bos;
            for (int i = 1; i <= context; i++)
            {
                input[i] = rng.NextInt(values);
            }
            Array.Copy(input, repeat.First, input, repeat.Second, length);
            if (repeat.OnlyPairRepeated(input))
            {
                return (input, repeat);
            }
        }
    }

    /// <summary>
    /// The repeat of an embedded-layout input, found by comparing every two starting positions:
    /// the longest stretch that occurs twice without overlapping.
    /// </summary>
    /// <exception cref="ArgumentException">No stretch of two tokens or more occurs twice, or another stretch repeats too.</exception>
    public static EmbeddedRepeat Find(ReadOnlySpan<int> input)
    {
        EmbeddedRepeat? longest = null;
        for (int i = 1; i < input.Length; i++)
        {
            for (int j = i + 1; j < input.Length; j++)
            {
                int common = 0;
                while (j + common < input.Length && i + common < j && input[i + common] == input[j + common])
                {
                    common++;
                }
                if (common >= 2 && (longest is null || common > longest.Length))
                {
                    longest = new EmbeddedRepeat(i, j, common);
                }
            }
        }
        if (longest is null)
        {
            throw new ArgumentException("No two adjacent tokens occur twice, so the input holds no repeat; an embedded repeat example repeats one stretch of two tokens or more.");
        }
        return longest.OnlyPairRepeated(input)
            ? longest
            : throw new ArgumentException($"Besides the repeat of {longest.Length} tokens at {longest.First} and {longest.Second}, another pair of adjacent tokens occurs twice; an embedded repeat example repeats one stretch only.");
    }

    /// <summary>
    /// Whether every pair of adjacent tokens after BOS occurs once, except that each pair inside
    /// the first copy occurs again at the same offset in the second.
    /// </summary>
    private bool OnlyPairRepeated(ReadOnlySpan<int> input)
    {
        var seen = new HashSet<(int, int)>();
        for (int i = 1; i + 1 < input.Length; i++)
        {
            bool inSecondCopy = i >= Second && i + 1 < Second + Length;
            if (!inSecondCopy && !seen.Add((input[i], input[i + 1])))
            {
                return false;
            }
        }
        return true;
    }
}
