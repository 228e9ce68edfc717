using System.Collections.ObjectModel;
using AlgoLens.Data;
using AlgoLens.Tasks;

namespace AlgoLens.TestPlugin;

/// <summary>A plugin task without options, registered through its parameterless constructor: <c>a b =</c> → a xor b.</summary>
public class XorTask : IEnumeratedTask, ITokenGroundTruth
{
    /// <inheritdoc/>
    public virtual string Name => "test-xor";

    /// <inheritdoc/>
    public string Description => "a xor b for bits a and b";

    /// <inheritdoc/>
    public TaskVocabulary Vocabulary { get; } = new(["0", "1", "="]);

    /// <inheritdoc/>
    public TaskVocabulary OutputVocabulary { get; } = new(["0", "1"]);

    /// <inheritdoc/>
    public int SequenceLength => 3;

    /// <inheritdoc/>
    public int InputWidth => 0;

    /// <inheritdoc/>
    public TargetKind TargetKind => TargetKind.Classes;

    /// <inheritdoc/>
    public int OutputWidth => 2;

    /// <inheritdoc/>
    public IReadOnlyList<TaskMetric> Metrics { get; } = [TaskMetric.Accuracy];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Settings { get; } = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <inheritdoc/>
    public ExampleBatch Generate()
    {
        int[] ids = [0, 0, 2, 0, 1, 2, 1, 0, 2, 1, 1, 2];
        int[] labels = [-1, -1, 0, -1, -1, 1, -1, -1, 1, -1, -1, 0];
        return new ExampleBatch(new TokenBatch(ids, 4, 3), Targets.FromClasses(labels, 4, 3));
    }

    /// <inheritdoc/>
    public int[] Answer(ReadOnlySpan<int> input) => [-1, -1, input[0] ^ input[1]];
}
