using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// Base of the sampled token tasks (sorting, induction, digit arithmetic, automata, ...): a subclass
/// draws one example from the RNG (<see cref="Draw"/>) and computes the answer of any input from the
/// task's definition (<see cref="Answer"/>), separately, so that tests can check the generator
/// against the ground truth. Examples may differ in length when the task names a pad token.
/// </summary>
public abstract class TokenSequenceTask : ISampledTask, ITokenGroundTruth
{
    /// <summary>Sets up the shape shared by every example.</summary>
    /// <param name="vocabulary">Input tokens; outputs use the same names unless <paramref name="outputVocabulary"/> is given.</param>
    /// <param name="sequenceLength">The longest example.</param>
    /// <param name="settings">The options used, from <see cref="TaskSettingsReader.Settings"/>.</param>
    /// <param name="outputVocabulary">Output classes when they differ from the input tokens.</param>
    protected TokenSequenceTask(TaskVocabulary vocabulary, int sequenceLength, IReadOnlyDictionary<string, string> settings, TaskVocabulary? outputVocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(settings);
        if (sequenceLength < 1)
        {
            throw new ArgumentException($"A task's sequences need at least one position; got {sequenceLength}.");
        }
        Vocabulary = vocabulary;
        OutputVocabulary = outputVocabulary ?? vocabulary;
        SequenceLength = sequenceLength;
        Settings = settings;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public TaskVocabulary Vocabulary { get; }

    /// <inheritdoc/>
    public TaskVocabulary OutputVocabulary { get; }

    /// <inheritdoc/>
    public int SequenceLength { get; }

    /// <summary>0: token input.</summary>
    public int InputWidth => 0;

    /// <inheritdoc/>
    public TargetKind TargetKind => TargetKind.Classes;

    /// <inheritdoc/>
    public int OutputWidth => OutputVocabulary.Count;

    /// <summary>Accuracy per loss position and exact match per sequence, unless a task says otherwise.</summary>
    public virtual IReadOnlyList<TaskMetric> Metrics { get; } = [TaskMetric.Accuracy, TaskMetric.ExactMatch];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc/>
    public ExampleBatch Sample(Rng rng, int count)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count < 1)
        {
            throw new ArgumentException($"Cannot sample {count} examples; ask for at least 1.");
        }
        var examples = new TokenExample[count];
        for (int i = 0; i < count; i++)
        {
            examples[i] = Draw(rng);
        }
        return TokenExamples.ToBatch(examples, Vocabulary.PadToken);
    }

    /// <summary>One example, drawn from <paramref name="rng"/> only (a pure function of its state).</summary>
    protected abstract TokenExample Draw(Rng rng);

    /// <inheritdoc/>
    public abstract int[] Answer(ReadOnlySpan<int> input);
}
