using AlgoLens.Data;
using AlgoLens.Tasks.Sequences;

namespace AlgoLens.Tasks.Composite;

/// <summary>
/// A mixture of enumerated tasks: every example of every subtask once, each prefixed with its task
/// token, subtask by subtask in the subtasks' own canonical orders. Being enumerated itself, the
/// mixture is split by the run's seed like any enumerated task, so each subtask's held-out examples
/// stay held out (about the train fraction of each subtask is trained on) and test accuracy means
/// generalisation, as it does for the subtasks alone.
/// </summary>
public sealed class EnumeratedMultitask : IMultitask, IEnumeratedTask
{
    /// <summary>Wraps subtasks that are all enumerated, laid out by <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">A subtask is not enumerated.</exception>
    public EnumeratedMultitask(MultitaskLayout layout, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(settings);
        if (layout.Subtasks.FirstOrDefault(t => t is not IEnumeratedTask) is { } sampled)
        {
            throw new ArgumentException($"Subtask '{sampled.Name}' samples its examples; an enumerated mixture needs enumerated subtasks only.");
        }
        Layout = layout;
        Settings = settings;
        Metrics = layout.Metrics();
    }

    /// <inheritdoc/>
    public MultitaskLayout Layout { get; }

    /// <inheritdoc/>
    public string Name => Multitask.TaskName;

    /// <inheritdoc/>
    public string Description => Multitask.Describe(Layout) + "; every example of each, split by seed";

    /// <inheritdoc/>
    public TaskVocabulary Vocabulary => Layout.Vocabulary;

    /// <inheritdoc/>
    public TaskVocabulary OutputVocabulary => Layout.OutputVocabulary;

    /// <inheritdoc/>
    public int SequenceLength => Layout.SequenceLength;

    /// <summary>0: token input.</summary>
    public int InputWidth => 0;

    /// <inheritdoc/>
    public TargetKind TargetKind => TargetKind.Classes;

    /// <inheritdoc/>
    public int OutputWidth => OutputVocabulary.Count;

    /// <inheritdoc/>
    public IReadOnlyList<TaskMetric> Metrics { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The subtasks' bounds summed; null when one cannot tell.</summary>
    public long? MaxExampleCount =>
        Layout.Subtasks.Cast<IEnumeratedTask>().Aggregate((long?)0, (sum, t) => sum + t.MaxExampleCount);

    /// <summary>Subtask 0's examples in its order, then subtask 1's, and so on.</summary>
    public ExampleBatch Generate()
    {
        var examples = new List<TokenExample>();
        for (int s = 0; s < Layout.Subtasks.Count; s++)
        {
            var all = ((IEnumeratedTask)Layout.Subtasks[s]).Generate();
            for (int r = 0; r < all.Count; r++)
            {
                examples.Add(Layout.Prefixed(s, TokenExamples.Row(all, r)));
            }
        }
        return TokenExamples.ToBatch(examples, Vocabulary.PadToken);
    }

    /// <inheritdoc/>
    public int[] Answer(ReadOnlySpan<int> input) => Layout.Answer(input);
}
