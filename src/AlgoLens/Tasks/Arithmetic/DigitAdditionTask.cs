using System.Globalization;
using System.Numerics;

namespace AlgoLens.Tasks.Arithmetic;

/// <summary>
/// Problem 3.8 of the seed: n-digit addition, <c>1 2 3 4 5 + 6 7 8 9 0 = 0 8 0 2 3 5</c>. The
/// answer has n + 1 digits, the first (in standard order) being the final carry, 0 or 1. Quirke and
/// Barez (2023, "Understanding Addition in Transformers") take a one-layer model on this format
/// apart into per-digit base-add, make-carry and use-sum-9 (carry cascade) subtasks.
/// </summary>
public sealed class DigitAdditionTask : DigitArithmeticTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "digit-add";

    /// <summary>The most digits per operand.</summary>
    public const int MaxDigits = 60;

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n", "5", $"digits per operand, 1..{MaxDigits} (leading zeros kept); the answer has n + 1"),
        OrderOption,
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "n-digit decimal addition, answer n + 1 digits", Options, "3.8"),
        settings => new DigitAdditionTask(new TaskSettingsReader(TaskName, Options, settings)));

    private DigitAdditionTask(TaskSettingsReader options)
        : this(options.Int("n", 1, MaxDigits), ReadOrder(options), options)
    {
    }

    private DigitAdditionTask(int digits, DigitOrder order, TaskSettingsReader options)
        : base(DigitVocabulary(10, "+", "="), digits, 10, order, "+", signed: false, answerDigits: digits + 1, options.Settings)
    {
    }

    /// <summary>Creates the task with <paramref name="digits"/> digits per operand.</summary>
    public static DigitAdditionTask Create(int digits = 5, DigitOrder order = DigitOrder.Standard) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["n"] = digits.ToString(CultureInfo.InvariantCulture),
            ["order"] = OrderText(order),
        }));

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"{Digits}-digit addition a + b, answer {AnswerDigits} digits {OrderWords}";

    /// <summary>Column addition: each digit is (a_i + b_i + carry) mod 10, the carry the rest.</summary>
    protected override int[] Work(int[] a, int[] b, out bool negative)
    {
        negative = false;
        var sum = new int[AnswerDigits];
        int carry = 0;
        for (int i = 0; i < Digits; i++)
        {
            int column = a[i] + b[i] + carry;
            sum[i] = column % 10;
            carry = column / 10;
        }
        sum[Digits] = carry;
        return sum;
    }

    /// <inheritdoc/>
    protected override BigInteger Evaluate(BigInteger a, BigInteger b) => a + b;
}
