using AlgoLens.Data;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Composite;

/// <summary>
/// A mixture with at least one sampled subtask: each example draws its subtask by the weights, then
/// an example of it, prefixed with its task token. An enumerated subtask contributes a random
/// example of its whole set, so it has no held-out split here: its test accuracy measures fitting,
/// not generalisation (mix only enumerated tasks to keep their split, see <see cref="EnumeratedMultitask"/>).
/// </summary>
public sealed class SampledMultitask : TokenSequenceTask, IMultitask
{
    private readonly double[] cumulative;
    private readonly Lazy<ExampleBatch>?[] enumerated;

    /// <summary>Draws from the subtasks of <paramref name="layout"/> with the given relative <paramref name="weights"/>.</summary>
    /// <exception cref="ArgumentException">The weights are not one positive number per subtask.</exception>
    public SampledMultitask(MultitaskLayout layout, IReadOnlyList<double> weights, IReadOnlyDictionary<string, string> settings)
        : base(Validated(layout).Vocabulary, layout.SequenceLength, settings, layout.OutputVocabulary)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != layout.Subtasks.Count || weights.Any(w => !(w > 0) || !double.IsFinite(w)))
        {
            throw new ArgumentException($"A multitask of {layout.Subtasks.Count} tasks needs {layout.Subtasks.Count} positive weights; got {string.Join(", ", weights)}.");
        }
        Layout = layout;
        Weights = weights.Select(w => w / weights.Sum()).ToArray();
        cumulative = new double[Weights.Count];
        double total = 0;
        for (int s = 0; s < Weights.Count; s++)
        {
            cumulative[s] = total += Weights[s];
        }
        enumerated = layout.Subtasks
            .Select(t => t is IEnumeratedTask e ? new Lazy<ExampleBatch>(e.Generate) : null)
            .ToArray();
        Metrics = layout.Metrics();
    }

    /// <inheritdoc/>
    public MultitaskLayout Layout { get; }

    /// <summary>Each subtask's share of the examples, summing to 1.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <inheritdoc/>
    public override string Name => Multitask.TaskName;

    /// <inheritdoc/>
    public override string Description => Multitask.Describe(Layout) + "; sampled, shares " + string.Join(":", Weights.Select(w => w.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)));

    /// <inheritdoc/>
    public override IReadOnlyList<TaskMetric> Metrics { get; }

    /// <inheritdoc/>
    public override int[] Answer(ReadOnlySpan<int> input) => Layout.Answer(input);

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        double u = rng.NextDouble();
        int s = 0;
        while (s < cumulative.Length - 1 && u >= cumulative[s])
        {
            s++;
        }
        TokenExample example = enumerated[s] is { } all
            ? TokenExamples.Row(all.Value, rng.NextInt(all.Value.Count))
            : TokenExamples.Row(((ISampledTask)Layout.Subtasks[s]).Sample(rng, 1), 0);
        return Layout.Prefixed(s, example);
    }

    private static MultitaskLayout Validated(MultitaskLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Subtasks.FirstOrDefault(t => t is not IEnumeratedTask and not ISampledTask) is { } neither)
        {
            throw new ArgumentException($"Subtask '{neither.Name}' neither enumerates nor samples its examples.");
        }
        return layout;
    }
}
