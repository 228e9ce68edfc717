using System.Globalization;
using System.Numerics;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Arithmetic;

/// <summary>
/// Problem 3.8 of the seed: n-digit subtraction, <c>1 2 3 4 5 - 6 7 8 9 0 = - 5 5 5 4 5</c>. The
/// answer is a sign token (<c>+</c> for a result of zero or more, <c>-</c> below zero) and the n
/// digits of |a − b|; the order option arranges the digits, the sign always comes first. With
/// negatives = false the operands are drawn with a ≥ b, so the sign is always <c>+</c> and the
/// model only learns borrows; the ground truth still answers any operands, so such a model can be
/// probed on a &lt; b.
/// </summary>
public sealed class DigitSubtractionTask : DigitArithmeticTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "digit-sub";

    /// <summary>The most digits per operand.</summary>
    public const int MaxDigits = 60;

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n", "5", $"digits per operand, 1..{MaxDigits} (leading zeros kept); the answer is a sign and n digits"),
        OrderOption,
        new("negatives", "true", "whether b may exceed a (answers with sign '-'); false draws a >= b only"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "n-digit decimal subtraction, answer a sign and n digits", Options, "3.8"),
        settings => new DigitSubtractionTask(new TaskSettingsReader(TaskName, Options, settings)));

    private DigitSubtractionTask(TaskSettingsReader options)
        : this(options.Int("n", 1, MaxDigits), ReadOrder(options), options.Bool("negatives"), options)
    {
    }

    private DigitSubtractionTask(int digits, DigitOrder order, bool negatives, TaskSettingsReader options)
        : base(DigitVocabulary(10, "+", "-", "="), digits, 10, order, "-", signed: true, answerDigits: digits, options.Settings)
    {
        Negatives = negatives;
    }

    /// <summary>Creates the task with <paramref name="digits"/> digits per operand.</summary>
    public static DigitSubtractionTask Create(int digits = 5, DigitOrder order = DigitOrder.Standard, bool negatives = true) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["n"] = digits.ToString(CultureInfo.InvariantCulture),
            ["order"] = OrderText(order),
            ["negatives"] = negatives ? "true" : "false",
        }));

    /// <summary>Whether the generator draws pairs with b &gt; a.</summary>
    public bool Negatives { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"{Digits}-digit subtraction a - b{(Negatives ? "" : " with a >= b")}, answer a sign and {AnswerDigits} digits {OrderWords}";

    /// <summary>
    /// Column subtraction of the smaller operand from the larger (found by comparing digits from the
    /// most significant): each digit is larger_i − smaller_i − borrow, plus 10 and a new borrow when
    /// that is negative.
    /// </summary>
    protected override int[] Work(int[] a, int[] b, out bool negative)
    {
        negative = CompareDigits(a, b) < 0;
        var (larger, smaller) = negative ? (b, a) : (a, b);
        var difference = new int[AnswerDigits];
        int borrow = 0;
        for (int i = 0; i < Digits; i++)
        {
            int column = larger[i] - smaller[i] - borrow;
            borrow = column < 0 ? 1 : 0;
            difference[i] = column + 10 * borrow;
        }
        return difference;
    }

    /// <inheritdoc/>
    protected override BigInteger Evaluate(BigInteger a, BigInteger b) => a - b;

    /// <summary>Uniform pairs; with negatives = false a pair with a &lt; b is swapped, which keeps every pair with a ≥ b equally likely except a = b (half as likely).</summary>
    protected override (int[] A, int[] B) DrawOperands(Rng rng)
    {
        var (a, b) = base.DrawOperands(rng);
        return Negatives || CompareDigits(a, b) >= 0 ? (a, b) : (b, a);
    }

    /// <summary>The sign of a − b for digits stored least significant first.</summary>
    private static int CompareDigits(int[] a, int[] b)
    {
        for (int i = a.Length - 1; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }
        return 0;
    }
}
