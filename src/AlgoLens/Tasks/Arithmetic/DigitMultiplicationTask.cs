using System.Globalization;
using System.Numerics;

namespace AlgoLens.Tasks.Arithmetic;

/// <summary>
/// Problem 3.15 of the seed: n-digit multiplication in base 10 (or any base down to binary),
/// <c>4 7 * 8 6 = 4 0 4 2</c>; the answer has 2n digits, enough for every product. Multiplication is
/// much harder for a transformer than addition, since every answer digit depends on many digit
/// products and a carry that can exceed 1; least-significant-first answers (order = reversed) help.
/// </summary>
public sealed class DigitMultiplicationTask : DigitArithmeticTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "digit-mul";

    /// <summary>The most digits per operand.</summary>
    public const int MaxDigits = 32;

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n", "2", $"digits per operand, 1..{MaxDigits} (leading zeros kept); the answer has 2n"),
        new("base", "10", "the base the numbers are written in, 2..10 (2 for binary multiplication)"),
        OrderOption,
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "n-digit multiplication in base 10 (or 2..9), answer 2n digits", Options, "3.15"),
        settings => new DigitMultiplicationTask(new TaskSettingsReader(TaskName, Options, settings)));

    private DigitMultiplicationTask(TaskSettingsReader options)
        : this(options.Int("n", 1, MaxDigits), options.Int("base", 2, 10), ReadOrder(options), options)
    {
    }

    private DigitMultiplicationTask(int digits, int numberBase, DigitOrder order, TaskSettingsReader options)
        : base(DigitVocabulary(numberBase, "*", "="), digits, numberBase, order, "*", signed: false, answerDigits: 2 * digits, options.Settings)
    {
    }

    /// <summary>Creates the task with <paramref name="digits"/> digits per operand in base <paramref name="numberBase"/>.</summary>
    public static DigitMultiplicationTask Create(int digits = 2, int numberBase = 10, DigitOrder order = DigitOrder.Standard) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["n"] = digits.ToString(CultureInfo.InvariantCulture),
            ["base"] = numberBase.ToString(CultureInfo.InvariantCulture),
            ["order"] = OrderText(order),
        }));

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"{Digits}-digit base-{Base} multiplication a * b, answer {AnswerDigits} digits {OrderWords}";

    /// <summary>Long multiplication: every digit product a_i·b_j added into column i + j, then the columns' carries passed up.</summary>
    protected override int[] Work(int[] a, int[] b, out bool negative)
    {
        negative = false;
        var columns = new int[AnswerDigits];
        for (int i = 0; i < Digits; i++)
        {
            for (int j = 0; j < Digits; j++)
            {
                columns[i + j] += a[i] * b[j];
            }
        }
        int carry = 0;
        for (int k = 0; k < AnswerDigits; k++)
        {
            int column = columns[k] + carry;
            columns[k] = column % Base;
            carry = column / Base;
        }
        return columns;
    }

    /// <inheritdoc/>
    protected override BigInteger Evaluate(BigInteger a, BigInteger b) => a * b;
}
