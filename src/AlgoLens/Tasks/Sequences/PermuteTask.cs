using System.Globalization;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// Problem 3.6 of the seed: permute a list. An example is <c>x0 .. x(n-1) SEP @i0 .. @i(n-1) SEP
/// y0 .. y(n-1)</c>: n values 0..V-1 (duplicates allowed), a permutation of their indices written
/// with index tokens <c>@0 .. @(n-1)</c> (their own tokens, so an index is never mistaken for a
/// value), and the output y_k = x_(i_k), e.g. <c>7 3 5 SEP @2 @0 @1 SEP 5 7 3</c>. As in
/// <see cref="SortTask"/>, the loss reads the n positions from the second SEP (which predicts y0)
/// to y(n-2), and the last output predicts nothing. Two layers of attention suffice: in the
/// trained preset the first layer's heads attend from each index token @j to x_j, and the second
/// layer's from the position that predicts y_k to the index token n positions back, which by then
/// carries x_(i_k).
/// </summary>
public sealed class PermuteTask : TokenSequenceTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "permute";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n", "5", "list length, 1..100"),
        new("V", "10", "values are 0..V-1, 2..1000"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "permute a list by given indices (x SEP @i SEP y, y_k = x_(i_k))", Options, "3.6"),
        settings => new PermuteTask(new TaskSettingsReader(TaskName, Options, settings)));

    private PermuteTask(TaskSettingsReader options)
        : this(options.Int("n", 1, 100), options.Int("V", 2, 1000), options)
    {
    }

    private PermuteTask(int length, int values, TaskSettingsReader options)
        : base(InputVocabulary(length, values), 3 * length + 2, options.Settings, ValueTokens.Vocabulary(values))
    {
        Length = length;
        ValueCount = values;
        SeparatorToken = values + length;
    }

    /// <summary>Creates the task with lists of <paramref name="n"/> values 0..<paramref name="values"/>-1.</summary>
    public static PermuteTask Create(int n = 5, int values = 10) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["n"] = n.ToString(CultureInfo.InvariantCulture),
            ["V"] = values.ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>List length n.</summary>
    public int Length { get; }

    /// <summary>Distinct values V: tokens 0..V-1 are the values, and the output classes.</summary>
    public int ValueCount { get; }

    /// <summary>The id of index token <c>@k</c>.</summary>
    public int IndexToken(int k) => (uint)k < (uint)Length
        ? ValueCount + k
        : throw new ArgumentOutOfRangeException(nameof(k), $"Index {k} is outside 0..{Length - 1}.");

    /// <summary>The id of SEP, after the list and after the indices.</summary>
    public int SeparatorToken { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => $"permute a list of {Length} values 0..{ValueCount - 1} by given indices";

    /// <summary>
    /// The targets of <c>x SEP @i SEP ...</c>: y_k = x_(i_k) from the second SEP on, placed source
    /// by source (each x_j goes to the output slot whose index is j; the generator gathers instead).
    /// Only x and the indices are read, so the tokens after the second SEP may be anything.
    /// </summary>
    /// <exception cref="ArgumentException">The layout is wrong or the indices are not a permutation of 0..n-1.</exception>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        int n = Length, firstSeparator = n, indicesStart = n + 1, secondSeparator = 2 * n + 1;
        if (input.Length != SequenceLength)
        {
            throw new ArgumentException($"A permute example has {SequenceLength} tokens (n values, SEP, n indices, SEP, n values); got {input.Length}.");
        }
        if (input[firstSeparator] != SeparatorToken || input[secondSeparator] != SeparatorToken)
        {
            throw new ArgumentException($"Tokens {firstSeparator} and {secondSeparator} of a permute example are SEP.");
        }
        for (int i = 0; i < input.Length; i++)
        {
            bool inIndices = i >= indicesStart && i < secondSeparator;
            if (i != firstSeparator && i != secondSeparator && !inIndices && (uint)input[i] >= (uint)ValueCount)
            {
                throw new ArgumentException($"Token {i} of a permute example must be a value 0..{ValueCount - 1}; got id {input[i]}.");
            }
        }
        var slotOfSource = new int[n];
        Array.Fill(slotOfSource, -1);
        for (int slot = 0; slot < n; slot++)
        {
            int source = input[indicesStart + slot] - ValueCount;
            if ((uint)source >= (uint)n)
            {
                throw new ArgumentException($"Token {indicesStart + slot} of a permute example must be an index @0..@{n - 1}; got id {input[indicesStart + slot]}.");
            }
            if (slotOfSource[source] >= 0)
            {
                throw new ArgumentException($"Index @{source} appears twice; the indices must be a permutation of @0..@{n - 1}.");
            }
            slotOfSource[source] = slot;
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        for (int source = 0; source < n; source++)
        {
            answer[secondSeparator + slotOfSource[source]] = input[source];
        }
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var values = new int[Length];
        for (int i = 0; i < Length; i++)
        {
            values[i] = rng.NextInt(ValueCount);
        }
        int[] order = rng.Permutation(Length);
        var output = new int[Length];
        for (int k = 0; k < Length; k++)
        {
            output[k] = values[order[k]];
        }
        int[] input = [.. values, SeparatorToken, .. order.Select(IndexToken), SeparatorToken, .. output];
        var target = new int[input.Length];
        Array.Fill(target, -1);
        // The second SEP (position 2n + 1) predicts y0; the last output predicts nothing.
        output.CopyTo(target, 2 * Length + 1);
        return new TokenExample(input, target);
    }

    private static TaskVocabulary InputVocabulary(int length, int values) =>
        new([.. ValueTokens.Names(values), .. Enumerable.Range(0, length).Select(k => "@" + k.ToString(CultureInfo.InvariantCulture)), "SEP"]);
}
