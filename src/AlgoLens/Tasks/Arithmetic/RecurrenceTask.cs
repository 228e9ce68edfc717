using System.Globalization;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Arithmetic;

/// <summary>
/// Problem 3.7 of the seed: a sequence x_0, x_1, … with x_n = (a·x_{n-1} + b·x_{n-2}) mod p from two
/// random starts (Fibonacci mod p for a = b = 1); at every position from 1 on, predict the next
/// element from the current and the previous one, so position i's target is x_{i+1} (the last
/// position predicts the element after the sequence). A model needs a previous-token head to bring
/// x_{i-1} next to x_i and then modular arithmetic on the pair, as in modular addition (Nanda et
/// al. 2023).
/// </summary>
public sealed class RecurrenceTask : TokenSequenceTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "recurrence";

    /// <summary>
    /// The task's own modulus when <see cref="TaskOptions.P"/> is not given: 11, small enough that a
    /// one-layer model learns the Fibonacci sequence in a few hundred steps (the modular tasks' 113
    /// needs a vocabulary ten times larger).
    /// </summary>
    public const int DefaultP = 11;

    /// <summary>The options it reads; p comes through <see cref="TaskOptions.P"/> (<c>--p</c>) like the other modular tasks.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("p", DefaultP.ToString(CultureInfo.InvariantCulture), "the modulus: elements are 0..p-1, 2 <= p <= 10007 (set with --p; small p keeps the vocabulary small)"),
        new("a", "1", "the coefficient of x_{n-1}, 0..p-1"),
        new("b", "1", "the coefficient of x_{n-2}, 0..p-1"),
        new("length", "16", "elements per sequence, 2..512 (the first two are the random starts)"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = new(
        new TaskInfo(TaskName, "x_n = (a x_{n-1} + b x_{n-2}) mod p from two random starts; predict each next element", Options, "3.7"),
        options => FromSettings(options.P ?? DefaultP, options.Extra));

    private RecurrenceTask(TaskSettingsReader options, int p)
        : this(p, options.Int("a", 0, p - 1), options.Int("b", 0, p - 1), options.Int("length", 2, 512), options)
    {
    }

    private RecurrenceTask(int p, int a, int b, int length, TaskSettingsReader options)
        : base(new TaskVocabulary(Enumerable.Range(0, p).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()), length, options.Settings)
    {
        P = p;
        A = a;
        B = b;
        Length = length;
    }

    /// <summary>Creates the task x_n = (a·x_{n-1} + b·x_{n-2}) mod p over sequences of <paramref name="length"/> elements.</summary>
    public static RecurrenceTask Create(int p = DefaultP, int a = 1, int b = 1, int length = 16) =>
        FromSettings(p, new Dictionary<string, string>
        {
            ["a"] = a.ToString(CultureInfo.InvariantCulture),
            ["b"] = b.ToString(CultureInfo.InvariantCulture),
            ["length"] = length.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>The modulus.</summary>
    public int P { get; }

    /// <summary>The coefficient of x_{n-1}.</summary>
    public int A { get; }

    /// <summary>The coefficient of x_{n-2}.</summary>
    public int B { get; }

    /// <summary>Elements per sequence.</summary>
    public int Length { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        A == 1 && B == 1
            ? $"Fibonacci mod {P}: x_n = (x_{{n-1}} + x_{{n-2}}) mod {P}, {Length} elements from two random starts"
            : $"x_n = ({A} x_{{n-1}} + {B} x_{{n-2}}) mod {P}, {Length} elements from two random starts";

    /// <summary>
    /// Position i ≥ 1 predicts (a·input[i] + b·input[i-1]) mod p, read off the input's own last two
    /// elements (so an input that breaks the recurrence still has a defined next element); position
    /// 0 has no target, since one element does not determine the next.
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != Length)
        {
            throw new ArgumentException($"A {TaskName} example has {Length} elements; got {input.Length}.");
        }
        foreach (int element in input)
        {
            if ((uint)element >= (uint)P)
            {
                throw new ArgumentException($"Element {element} is outside 0..{P - 1}.");
            }
        }
        var answer = new int[input.Length];
        answer[0] = -1;
        for (int i = 1; i < input.Length; i++)
        {
            answer[i] = (int)(((long)A * input[i] + (long)B * input[i - 1]) % P);
        }
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        // The generator runs the recurrence one element past the input, and the targets are the
        // sequence shifted by one; Answer recomputes each from its two predecessors in the input.
        var sequence = new int[Length + 1];
        sequence[0] = rng.NextInt(P);
        sequence[1] = rng.NextInt(P);
        for (int n = 2; n <= Length; n++)
        {
            sequence[n] = (int)(((long)A * sequence[n - 1] + (long)B * sequence[n - 2]) % P);
        }
        var target = new int[Length];
        Array.Copy(sequence, 2, target, 1, Length - 1);
        target[0] = -1;
        return new TokenExample(sequence[..Length], target);
    }

    /// <summary>
    /// Reads the options with p from <see cref="TaskOptions.P"/> (the registry keeps p out of the
    /// extras, so it is passed here to be checked and recorded with the rest).
    /// </summary>
    private static RecurrenceTask FromSettings(int p, IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>(extra) { ["p"] = p.ToString(CultureInfo.InvariantCulture) };
        var options = new TaskSettingsReader(TaskName, Options, settings);
        return new RecurrenceTask(options, options.Int("p", 2, 10_007));
    }
}
