using System.Collections.ObjectModel;
using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Training;

/// <summary>
/// A sampled test task of variable length: "x1 .. xk SEP xk .. x1 PAD .." with 1 ≤ k ≤ n; the model
/// predicts each reversed token at the position before it. Exercises sampling, padding and a loss
/// mask that differs between sequences.
/// </summary>
internal sealed class ReverseTask(int n = 4, int values = 5) : ISampledTask, ITokenGroundTruth
{
    private int Sep => values;

    private int Pad => values + 1;

    public string Name => "test-reverse";

    public string Description => "reverse a list of 1..n values";

    public TaskVocabulary Vocabulary { get; } = new([.. Enumerable.Range(0, values).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "SEP", "PAD"], padToken: "PAD");

    public TaskVocabulary OutputVocabulary => Vocabulary;

    public int SequenceLength => 2 * n + 1;

    public int InputWidth => 0;

    public TargetKind TargetKind => TargetKind.Classes;

    public int OutputWidth => Vocabulary.Count;

    public IReadOnlyList<TaskMetric> Metrics { get; } = new ReadOnlyCollection<TaskMetric>([TaskMetric.Accuracy, TaskMetric.ExactMatch]);

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public ExampleBatch Sample(Rng rng, int count)
    {
        var rows = new List<IReadOnlyList<int>>();
        for (int i = 0; i < count; i++)
        {
            int k = rng.NextInt(1, n + 1);
            var x = Enumerable.Range(0, k).Select(_ => rng.NextInt(values)).ToArray();
            rows.Add([.. x, Sep, .. x.Reverse()]);
        }
        // Pad to the full context so every batch has one shape.
        rows.Add(Enumerable.Repeat(0, SequenceLength).ToArray());
        var padded = TokenBatch.FromPaddedRows(rows, Pad);
        var ids = padded.Ids[..(count * SequenceLength)];
        var mask = padded.AttentionMask![..(count * SequenceLength)];
        var tokens = new TokenBatch(ids, count, SequenceLength, mask);
        var targets = new int[ids.Length];
        for (int b = 0; b < count; b++)
        {
            Answer(ids.AsSpan(b * SequenceLength, SequenceLength)).CopyTo(targets, b * SequenceLength);
        }
        return new ExampleBatch(tokens, Targets.FromClasses(targets, count, SequenceLength));
    }

    public int[] Answer(ReadOnlySpan<int> input)
    {
        var answer = Enumerable.Repeat(-1, input.Length).ToArray();
        int sep = input.IndexOf(Sep);
        for (int i = 0; i < sep; i++)
        {
            answer[sep + i] = input[sep - 1 - i]; // position sep + i predicts the token after it
        }
        return answer;
    }
}
