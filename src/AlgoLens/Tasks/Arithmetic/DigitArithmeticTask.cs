using System.Globalization;
using System.Numerics;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Arithmetic;

/// <summary>
/// Base of the digit-arithmetic tasks (problems 3.8 and 3.15): two n-digit operands written digit
/// by digit, most significant first and with their leading zeros, an operator, <c>=</c> and the
/// answer in a fixed number of tokens, e.g. <c>1 2 3 4 5 + 6 7 8 9 0 = 0 8 0 2 3 5</c>. The answer
/// is an optional sign token and then its digits in the task's <see cref="DigitOrder"/>. A causal
/// model predicts each answer token at the position before it (<c>=</c> predicts the first), and
/// only those positions carry loss, so accuracy is per answer token and exact match per answer.
/// </summary>
/// <remarks>
/// A subclass states its operation twice: <see cref="Work"/>, the schoolbook digit algorithm that
/// the generator runs (carries, borrows, partial products), and <see cref="Evaluate"/>, plain
/// arithmetic on the operands' values that the ground truth runs; the answer's digits are then
/// placed by array order in the generator and read off by powers of the base in the ground truth.
/// </remarks>
public abstract class DigitArithmeticTask : TokenSequenceTask
{
    /// <summary>The option that chooses <see cref="DigitOrder"/>, shared by the digit tasks.</summary>
    protected static TaskOptionInfo OrderOption { get; } =
        new("order", "standard", "answer digits most-significant first (standard) or least-significant first (reversed, easier for a causal model)");

    private readonly int operatorToken;
    private readonly int equalsToken;

    /// <summary>Sets up the layout.</summary>
    /// <param name="vocabulary">Digits 0..base-1 as token ids 0..base-1, then the symbols.</param>
    /// <param name="digits">Digits per operand, n.</param>
    /// <param name="numberBase">The base the numbers are written in.</param>
    /// <param name="order">The order of the answer's digits.</param>
    /// <param name="operatorName">The operator's token name, e.g. <c>+</c>.</param>
    /// <param name="signed">Whether the answer starts with a sign token (<c>+</c> or <c>-</c>).</param>
    /// <param name="answerDigits">Digits of the answer, enough for every pair of operands.</param>
    /// <param name="settings">The options used.</param>
    protected DigitArithmeticTask(
        TaskVocabulary vocabulary, int digits, int numberBase, DigitOrder order, string operatorName, bool signed, int answerDigits,
        IReadOnlyDictionary<string, string> settings)
        : base(vocabulary, 2 * digits + 2 + (signed ? 1 : 0) + answerDigits, settings)
    {
        Digits = digits;
        Base = numberBase;
        Order = order;
        Signed = signed;
        AnswerDigits = answerDigits;
        operatorToken = vocabulary.Id(operatorName);
        equalsToken = vocabulary.Id("=");
    }

    /// <summary>Digits per operand, n.</summary>
    public int Digits { get; }

    /// <summary>The base the numbers are written in.</summary>
    public int Base { get; }

    /// <summary>The order of the answer's digits.</summary>
    public DigitOrder Order { get; }

    /// <summary>Whether the answer starts with a sign token.</summary>
    public bool Signed { get; }

    /// <summary>Digits of the answer (its sign token not counted).</summary>
    public int AnswerDigits { get; }

    /// <summary>Answer tokens: the sign, if any, and the digits.</summary>
    public int AnswerLength => (Signed ? 1 : 0) + AnswerDigits;

    /// <summary>The position of <c>=</c>, which predicts the first answer token.</summary>
    public int EqualsPosition => 2 * Digits + 1;

    /// <summary>
    /// The targets from the operands' values: position <see cref="EqualsPosition"/> + k predicts
    /// answer token k; the last position and everything before <c>=</c> have none. The answer
    /// tokens already in the input (teacher forcing) do not change the targets.
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != SequenceLength)
        {
            throw new ArgumentException($"A {Name} example has {SequenceLength} tokens ({Layout}); got {input.Length}.");
        }
        for (int i = 0; i < input.Length; i++)
        {
            if ((uint)input[i] >= (uint)Vocabulary.Count)
            {
                throw new ArgumentException($"Token id {input[i]} at position {i} is outside the vocabulary 0..{Vocabulary.Count - 1}.");
            }
        }
        if (input[Digits] != operatorToken || input[EqualsPosition] != equalsToken)
        {
            throw new ArgumentException($"A {Name} example reads {Layout}; position {Digits} must be '{Vocabulary.Names[operatorToken]}' and position {EqualsPosition} '='.");
        }
        BigInteger result = Evaluate(OperandValue(input[..Digits], 0), OperandValue(input.Slice(Digits + 1, Digits), Digits + 1));
        BigInteger magnitude = BigInteger.Abs(result);
        if (magnitude >= BigInteger.Pow(Base, AnswerDigits) || (result.Sign < 0 && !Signed))
        {
            throw new InvalidOperationException($"{Name}: the result {result} does not fit the answer's {AnswerDigits} digits; the task's answer width is wrong.");
        }

        var targets = new int[input.Length];
        Array.Fill(targets, -1);
        int slot = EqualsPosition;
        if (Signed)
        {
            targets[slot++] = Vocabulary.Id(result.Sign < 0 ? "-" : "+");
        }
        for (int k = 0; k < AnswerDigits; k++)
        {
            int power = Order == DigitOrder.Standard ? AnswerDigits - 1 - k : k;
            targets[slot + k] = (int)(magnitude / BigInteger.Pow(Base, power) % Base);
        }
        return targets;
    }

    /// <summary>
    /// The generator's computation: the answer's digits, least significant first, from the operands'
    /// digits, least significant first, by the schoolbook algorithm of the operation.
    /// </summary>
    /// <param name="a">The first operand's <see cref="Digits"/> digits, least significant first.</param>
    /// <param name="b">The second operand's digits, least significant first.</param>
    /// <param name="negative">Whether the result is below zero (its digits are then those of its magnitude).</param>
    /// <returns><see cref="AnswerDigits"/> digits, least significant first.</returns>
    protected abstract int[] Work(int[] a, int[] b, out bool negative);

    /// <summary>The ground truth's computation: the operation on the operands' values.</summary>
    protected abstract BigInteger Evaluate(BigInteger a, BigInteger b);

    /// <summary>The two operands' digits, least significant first; uniform over all n-digit numbers unless a task restricts them.</summary>
    protected virtual (int[] A, int[] B) DrawOperands(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return (DrawNumber(rng), DrawNumber(rng));
    }

    /// <summary>n uniform digits, least significant first (so every number 0..base^n - 1 is equally likely).</summary>
    protected int[] DrawNumber(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var digits = new int[Digits];
        for (int i = 0; i < Digits; i++)
        {
            digits[i] = rng.NextInt(Base);
        }
        return digits;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var (a, b) = DrawOperands(rng);
        int[] answer = Work(a, b, out bool negative);
        var input = new int[SequenceLength];
        for (int i = 0; i < Digits; i++)
        {
            input[Digits - 1 - i] = a[i];
            input[2 * Digits - i] = b[i];
        }
        input[Digits] = operatorToken;
        input[EqualsPosition] = equalsToken;
        var answerTokens = new List<int>(AnswerLength);
        if (Signed)
        {
            answerTokens.Add(Vocabulary.Id(negative ? "-" : "+"));
        }
        answerTokens.AddRange(Order == DigitOrder.Standard ? Enumerable.Reverse(answer) : answer);
        answerTokens.CopyTo(input, EqualsPosition + 1);

        // Each answer token is the target of the position before it; the last one predicts nothing.
        var target = new int[SequenceLength];
        Array.Fill(target, -1);
        answerTokens.CopyTo(target, EqualsPosition);
        return new TokenExample(input, target);
    }

    /// <summary>How the answer's digits run, for descriptions: "most-significant first" or "least-significant first".</summary>
    protected string OrderWords => Order == DigitOrder.Standard ? "most-significant first" : "least-significant first";

    /// <summary>The order option as a <see cref="DigitOrder"/>.</summary>
    protected static DigitOrder ReadOrder(TaskSettingsReader options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Choice(OrderOption.Name, OrderText(DigitOrder.Standard), OrderText(DigitOrder.Reversed)) == OrderText(DigitOrder.Standard)
            ? DigitOrder.Standard
            : DigitOrder.Reversed;
    }

    /// <summary>The order option's value for <paramref name="order"/>: "standard" or "reversed".</summary>
    protected static string OrderText(DigitOrder order) => order == DigitOrder.Standard ? "standard" : "reversed";

    /// <summary>The digits 0..base-1 (ids 0..base-1) followed by <paramref name="symbols"/>.</summary>
    protected static TaskVocabulary DigitVocabulary(int numberBase, params string[] symbols) =>
        new([.. Enumerable.Range(0, numberBase).Select(d => d.ToString(CultureInfo.InvariantCulture)), .. symbols]);

    /// <summary>How an example is laid out, for error messages.</summary>
    private string Layout =>
        $"{Digits} digits, '{Vocabulary.Names[operatorToken]}', {Digits} digits, '=', {AnswerLength} answer tokens";

    private BigInteger OperandValue(ReadOnlySpan<int> digits, int offset)
    {
        BigInteger value = BigInteger.Zero;
        for (int i = 0; i < digits.Length; i++)
        {
            if (digits[i] >= Base)
            {
                throw new ArgumentException($"Position {offset + i} holds '{Vocabulary.Names[digits[i]]}'; an operand position of {Name} needs a digit 0..{Base - 1} ({Layout}).");
            }
            value = value * Base + digits[i];
        }
        return value;
    }
}
