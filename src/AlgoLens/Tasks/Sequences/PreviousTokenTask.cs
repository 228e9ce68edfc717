using System.Globalization;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// Problem 3.21 of the seed: a random sequence of tokens 0..V-1; at every position after the first,
/// predict the token before it. A one-layer attention-only transformer solves it with one
/// previous-token head (attention from i to i-1 through the positional embeddings, and an OV circuit
/// that copies the token), the building block of induction heads (Olsson et al. 2022).
/// </summary>
public sealed class PreviousTokenTask : TokenSequenceTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "prev-token";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("length", "16", "tokens per sequence, 2..512"),
        new("vocab", "32", "number of distinct tokens V, 2..10000"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "predict the previous token of a random sequence", Options, "3.21"),
        settings => new PreviousTokenTask(new TaskSettingsReader(TaskName, Options, settings)));

    private PreviousTokenTask(TaskSettingsReader options)
        : this(options.Int("length", 2, 512), options.Int("vocab", 2, 10_000), options)
    {
    }

    private PreviousTokenTask(int length, int vocab, TaskSettingsReader options)
        : base(new TaskVocabulary(Enumerable.Range(0, vocab).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()), length, options.Settings)
    {
        Length = length;
        VocabularySize = vocab;
    }

    /// <summary>Creates the task with <paramref name="length"/> tokens per sequence drawn from <paramref name="vocab"/> tokens.</summary>
    public static PreviousTokenTask Create(int length = 16, int vocab = 32) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["length"] = length.ToString(CultureInfo.InvariantCulture),
            ["vocab"] = vocab.ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>Tokens per sequence.</summary>
    public int Length { get; }

    /// <summary>Distinct tokens.</summary>
    public int VocabularySize { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => $"predict the previous token of a random sequence of {Length} tokens from {VocabularySize}";

    /// <summary>The target at i ≥ 1 is input[i - 1]; position 0 has none.</summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != Length)
        {
            throw new ArgumentException($"A prev-token example has {Length} tokens; got {input.Length}.");
        }
        var answer = new int[input.Length];
        answer[0] = -1;
        for (int i = 1; i < input.Length; i++)
        {
            answer[i] = input[i - 1];
        }
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var input = new int[Length];
        for (int i = 0; i < Length; i++)
        {
            input[i] = rng.NextInt(VocabularySize);
        }
        // The generator shifts by copying; Answer indexes; the contract tests compare the two.
        var target = new int[Length];
        Array.Copy(input, 0, target, 1, Length - 1);
        target[0] = -1;
        return new TokenExample(input, target);
    }
}
