using System.Globalization;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Logic;

/// <summary>
/// Balanced brackets, as in ARENA's "balanced bracket classifier" (Callum McDougall): is a string
/// of <c>(</c> and <c>)</c> balanced? An example is <c>START ( ) ( ) END</c>, padded on the right
/// with PAD (hidden by the attention mask) up to the batch's longest; the class (balanced or
/// unbalanced) is read at position 0, the START token, by a model with bidirectional attention.
/// </summary>
/// <remarks>
/// <para>
/// A string is balanced when its elevation (opens minus closes) ends at zero and never goes below
/// zero on the way. ARENA's 3-layer model checks both, reading from the right: a first-layer head
/// attends evenly to each position and those after it and so measures the share of <c>(</c> there,
/// MLPs turn that share into "this suffix has more ( than )" flags (a failure), and layer-2 heads bring to
/// position 0 the whole string's count check (from position 1) and whether any suffix failed.
/// </para>
/// <para>
/// Balanced strings are uniform among those of their length (an even length 2..max_length,
/// uniform). Unbalanced ones are of two sorts, so that neither count nor order alone decides:
/// hard negatives with as many <c>(</c> as <c>)</c> whose elevation dips below zero somewhere, and
/// strings whose counts differ (any length 1..max_length, the number of <c>(</c> uniform among the
/// counts that differ from half).
/// </para>
/// </remarks>
public sealed partial class BracketsTask : TokenSequenceTask, ITaskFeatures
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "brackets";

    /// <summary>The start token, at position 0, where the class is read.</summary>
    public const string Start = "START";

    /// <summary>The token after the last bracket.</summary>
    public const string End = "END";

    /// <summary>The padding token.</summary>
    public const string Pad = "PAD";

    /// <summary>Class 0.</summary>
    public const string Balanced = "balanced";

    /// <summary>Class 1.</summary>
    public const string Unbalanced = "unbalanced";

    private const int OpenId = 0, CloseId = 1;

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("max_length", "20", "most brackets per string, 2..510 (the sequence adds START and END)"),
        new("balanced_fraction", "0.5", "share of balanced examples, 0..1"),
        new("hard_fraction", "0.5", "share of the unbalanced examples that are hard negatives (equal counts, elevation negative somewhere), 0..1"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "is a ( ) string balanced? read at START, bidirectional attention", Options, "balanced brackets (ARENA)"),
        settings => new BracketsTask(new TaskSettingsReader(TaskName, Options, settings)));

    private BracketsTask(TaskSettingsReader options)
        : this(options.Int("max_length", 2, 510), options.Double("balanced_fraction", 0, 1), options.Double("hard_fraction", 0, 1), options)
    {
    }

    private BracketsTask(int maxLength, double balancedFraction, double hardFraction, TaskSettingsReader options)
        : base(new TaskVocabulary(["(", ")", Start, End, Pad], Pad), maxLength + 2, options.Settings, new TaskVocabulary([Balanced, Unbalanced]))
    {
        MaxLength = maxLength;
        BalancedFraction = balancedFraction;
        HardFraction = hardFraction;
    }

    /// <summary>Creates the task.</summary>
    public static BracketsTask Create(int maxLength = 20, double balancedFraction = 0.5, double hardFraction = 0.5) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["max_length"] = maxLength.ToString(CultureInfo.InvariantCulture),
            ["balanced_fraction"] = balancedFraction.ToString("R", CultureInfo.InvariantCulture),
            ["hard_fraction"] = hardFraction.ToString("R", CultureInfo.InvariantCulture),
        }));

    /// <summary>Most brackets per string.</summary>
    public int MaxLength { get; }

    /// <summary>Share of balanced examples.</summary>
    public double BalancedFraction { get; }

    /// <summary>Share of unbalanced examples with equal counts.</summary>
    public double HardFraction { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => $"is a string of up to {MaxLength} brackets balanced? (class read at START)";

    /// <summary>Accuracy of the one class per sequence (exact match would say the same).</summary>
    public override IReadOnlyList<TaskMetric> Metrics { get; } = [TaskMetric.Accuracy];

    /// <summary>
    /// Balanced when a scan keeps the elevation at or above zero and ends at zero; the class is at
    /// position 0, nothing elsewhere.
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        int start = Vocabulary.Id(Start), end = Vocabulary.Id(End), pad = Vocabulary.Id(Pad);
        int endAt = input.IndexOf(end);
        if (input.Length < 2 || input[0] != start || endAt < 0)
        {
            throw new ArgumentException($"A brackets example is {Start}, the brackets, {End}, then only {Pad}; got '{Vocabulary.ToText(input)}'.");
        }
        int elevation = 0;
        bool dipped = false;
        foreach (int token in input[1..endAt])
        {
            elevation += token == OpenId ? 1 : token == CloseId ? -1 : throw new ArgumentException($"Only brackets go between {Start} and {End}; got '{Vocabulary.ToText(input)}'.");
            dipped |= elevation < 0;
        }
        foreach (int token in input[(endAt + 1)..])
        {
            if (token != pad)
            {
                throw new ArgumentException($"Only {Pad} may follow {End}; got '{Vocabulary.ToText(input)}'.");
            }
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        answer[0] = OutputVocabulary.Id(!dipped && elevation == 0 ? Balanced : Unbalanced);
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        bool balanced = rng.NextDouble() < BalancedFraction;
        int[] brackets = balanced ? DyckWord(rng, 1 + rng.NextInt(MaxLength / 2))
            : rng.NextDouble() < HardFraction ? HardNegative(rng)
            : UnequalCounts(rng);
        var input = new int[brackets.Length + 2];
        input[0] = Vocabulary.Id(Start);
        brackets.CopyTo(input, 1);
        input[^1] = Vocabulary.Id(End);
        var target = new int[input.Length];
        Array.Fill(target, -1);
        target[0] = OutputVocabulary.Id(balanced ? Balanced : Unbalanced);
        return new TokenExample(input, target);
    }

    /// <summary>
    /// A uniformly random balanced string of <paramref name="pairs"/> pairs, by the cycle lemma: of
    /// the rotations of a shuffle of pairs + 1 closes and pairs opens, exactly one keeps every
    /// proper prefix's elevation above its final -1 (the one starting just after the first lowest
    /// point); that rotation without its last close is balanced, and each balanced string arises
    /// from the same number of shuffles.
    /// </summary>
    private static int[] DyckWord(Rng rng, int pairs)
    {
        var steps = new int[2 * pairs + 1];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = i < pairs ? OpenId : CloseId;
        }
        rng.Shuffle(steps.AsSpan());
        int elevation = 0, lowest = 0, lowestAt = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            elevation += steps[i] == OpenId ? 1 : -1;
            if (elevation < lowest)
            {
                (lowest, lowestAt) = (elevation, i + 1);
            }
        }
        var word = new int[2 * pairs];
        for (int i = 0; i < word.Length; i++)
        {
            word[i] = steps[(lowestAt + i) % steps.Length];
        }
        return word;
    }

    /// <summary>
    /// Equal counts but a negative elevation somewhere: a balanced string rotated to start at a
    /// point where its elevation is above zero, so its first part ends below zero.
    /// </summary>
    private int[] HardNegative(Rng rng)
    {
        int[] word = DyckWord(rng, 1 + rng.NextInt(MaxLength / 2));
        var cuts = new List<int>();
        int elevation = 0;
        for (int i = 0; i < word.Length - 1; i++)
        {
            elevation += word[i] == OpenId ? 1 : -1;
            if (elevation > 0)
            {
                cuts.Add(i + 1);
            }
        }
        int cut = cuts[rng.NextInt(cuts.Count)];
        return [.. word[cut..], .. word[..cut]];
    }

    /// <summary>A shuffle of any length whose number of opens is not half of it.</summary>
    private int[] UnequalCounts(Rng rng)
    {
        int length = 1 + rng.NextInt(MaxLength);
        int opens = rng.NextInt(length % 2 == 0 ? length : length + 1);
        if (length % 2 == 0 && opens >= length / 2)
        {
            opens++; // skip the one count that could balance
        }
        var brackets = new int[length];
        for (int i = 0; i < length; i++)
        {
            brackets[i] = i < opens ? OpenId : CloseId;
        }
        rng.Shuffle(brackets.AsSpan());
        return brackets;
    }
}
