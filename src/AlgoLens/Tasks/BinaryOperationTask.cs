using AlgoLens.Data;
using System.Collections.ObjectModel;

namespace AlgoLens.Tasks;

/// <summary>
/// Base of the tasks whose input is <c>a b =</c>, two operands from a finite set of n elements, and
/// whose one label, read at the <c>=</c> position, is again an element: modular arithmetic, group
/// composition, min and max. Token ids 0..n-1 are the elements and id n is <c>=</c>, as in the
/// grokking papers, so d_vocab = n + 1 and d_vocab_out = n.
/// </summary>
/// <remarks>
/// A subclass computes labels twice, by separate code: <see cref="CreateLabeler"/> feeds
/// <see cref="Generate"/> and may build tables; <see cref="Compute"/> feeds <see cref="Answer"/> and
/// works from the definition. A bug in one then shows up as a disagreement with the other instead of
/// being copied into both the data and its check.
/// </remarks>
public abstract class BinaryOperationTask : IEnumeratedTask, ITokenGroundTruth
{
    private const int OperandA = 0;
    private const int OperandB = 1;
    private const int EqualsPosition = 2;

    /// <summary>Builds the vocabulary: the element names, then <c>=</c>.</summary>
    /// <param name="elementNames">Readable names of the n elements; the index is the token id.</param>
    protected BinaryOperationTask(IReadOnlyList<string> elementNames)
    {
        ArgumentNullException.ThrowIfNull(elementNames);
        ElementCount = elementNames.Count;
        Vocabulary = new TaskVocabulary([.. elementNames, "="]);
        OutputVocabulary = new TaskVocabulary(elementNames);
    }

    /// <summary>Number of elements n: operand tokens are 0..n-1.</summary>
    public int ElementCount { get; }

    /// <summary>The token id of <c>=</c>, which is n.</summary>
    public int EqualsToken => ElementCount;

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>The elements' names, then <c>=</c>.</summary>
    public TaskVocabulary Vocabulary { get; }

    /// <summary>The elements' names: the answer is an element.</summary>
    public TaskVocabulary OutputVocabulary { get; }

    /// <summary>n²: every pair (a, b), before the undefined ones are left out.</summary>
    public long? MaxExampleCount => (long)ElementCount * ElementCount;

    /// <summary>3: the input is <c>a b =</c>.</summary>
    public int SequenceLength => 3;

    /// <inheritdoc/>
    public int InputWidth => 0;

    /// <inheritdoc/>
    public TargetKind TargetKind => TargetKind.Classes;

    /// <summary>n: the answer is an element.</summary>
    public int OutputWidth => ElementCount;

    /// <summary>Accuracy at <c>=</c>.</summary>
    public IReadOnlyList<TaskMetric> Metrics { get; } = new ReadOnlyCollection<TaskMetric>([TaskMetric.Accuracy]);

    /// <summary>[2]: only the prediction at <c>=</c> carries loss.</summary>
    public IReadOnlyList<int> LossPositions { get; } = new ReadOnlyCollection<int>([EqualsPosition]);

    /// <inheritdoc/>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>
    /// Every defined pair (a, b), a-major then b-minor, so example a·n + b is (a, b) whenever every
    /// pair is defined; pairs for which the operation is undefined (division by zero) are skipped.
    /// </summary>
    public ExampleBatch Generate()
    {
        int n = ElementCount;
        int count = 0;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                if (WhyUndefined(a, b) is null)
                {
                    count++;
                }
            }
        }

        Func<int, int, int> label = CreateLabeler();
        var ids = new int[count * SequenceLength];   // [count, 3]
        var labels = new int[count * SequenceLength]; // [count, 3]: -1 where no loss is read
        int example = 0;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                if (WhyUndefined(a, b) is not null)
                {
                    continue;
                }
                int row = example * SequenceLength;
                ids[row + OperandA] = a;
                ids[row + OperandB] = b;
                ids[row + EqualsPosition] = EqualsToken;
                labels[row + OperandA] = -1;
                labels[row + OperandB] = -1;
                labels[row + EqualsPosition] = label(a, b);
                example++;
            }
        }
        return new ExampleBatch(new TokenBatch(ids, count, SequenceLength), Targets.FromClasses(labels, count, SequenceLength));
    }

    /// <inheritdoc/>
    public int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != SequenceLength)
        {
            throw new ArgumentException(
                $"{Name} takes {SequenceLength} tokens, 'a b =', but the input has {input.Length}.");
        }
        int a = input[OperandA];
        int b = input[OperandB];
        if (!IsElement(a) || !IsElement(b))
        {
            throw new ArgumentException(
                $"{Name}'s operands are tokens 0..{ElementCount - 1}; the input has a = {a}, b = {b}.");
        }
        if (input[EqualsPosition] != EqualsToken)
        {
            throw new ArgumentException(
                $"{Name}'s third token must be '=' (id {EqualsToken}); the input has {input[EqualsPosition]}.");
        }
        string? why = WhyUndefined(a, b);
        if (why is not null)
        {
            throw new ArgumentException(why);
        }
        return [-1, -1, Compute(a, b)];
    }

    /// <summary>
    /// Null when the operation is defined for (a, b); otherwise why not, as a message for the user.
    /// Undefined pairs are left out of the dataset and refused by <see cref="Answer"/>.
    /// </summary>
    protected virtual string? WhyUndefined(int a, int b) => null;

    /// <summary>
    /// The labelling function used by <see cref="Generate"/>; called once per dataset, so it may
    /// precompute tables. Only called with defined pairs.
    /// </summary>
    protected abstract Func<int, int, int> CreateLabeler();

    /// <summary>
    /// The label of a defined pair (a, b) computed from the definition, independently of
    /// <see cref="CreateLabeler"/>; used by <see cref="Answer"/>.
    /// </summary>
    protected abstract int Compute(int a, int b);

    private bool IsElement(int token) => token >= 0 && token < ElementCount;
}
