using System.Collections.ObjectModel;
using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks;

/// <summary>
/// Problem 3.24 of the seed (memorisation, as in Zhang et al. 2017, "Understanding deep learning
/// requires rethinking generalization"): an enumerated task whose targets are shuffled once across
/// its examples by a seed, so that the label of each input is arbitrary but the label distribution
/// is the task's own. Nothing is left to generalise; train accuracy measures memorisation alone and
/// test accuracy should sit at chance.
/// </summary>
/// <remarks>
/// Rows are shuffled only among rows whose loss positions are the same, so a sequence never gets a
/// target at a position it has no loss at. The shuffle is a function of <see cref="LabelSeed"/> and
/// the task alone, independent of the run's seed, so runs of several seeds see the same labels.
/// </remarks>
public sealed class RandomLabelsTask : IEnumeratedTask
{
    /// <summary>The option that turns the wrapper on (every enumerated task takes it).</summary>
    public const string Option = "random_labels";

    /// <summary>The option that seeds the shuffle.</summary>
    public const string SeedOption = "label_seed";

    /// <summary>The two options, for listings.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new(Option, "false", "true: shuffle the targets across examples once (memorisation study, problem 3.24); enumerated tasks only"),
        new(SeedOption, "0", "seed of that shuffle, 0..2^31-1 (independent of the run's seed)"),
    ];

    private readonly IEnumeratedTask inner;

    /// <summary>Wraps <paramref name="inner"/> with its targets shuffled by <paramref name="labelSeed"/>.</summary>
    public RandomLabelsTask(IEnumeratedTask inner, int labelSeed)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (labelSeed < 0)
        {
            throw new ArgumentException($"label_seed is {labelSeed}; use a seed from 0 to 2^31-1.");
        }
        this.inner = inner;
        LabelSeed = labelSeed;
        var settings = new Dictionary<string, string>(inner.Settings)
        {
            [Option] = "true",
            [SeedOption] = labelSeed.ToString(CultureInfo.InvariantCulture),
        };
        Settings = new ReadOnlyDictionary<string, string>(settings);
    }

    /// <summary>The task whose labels are shuffled.</summary>
    public IEnumeratedTask Inner => inner;

    /// <summary>Seed of the shuffle.</summary>
    public int LabelSeed { get; }

    /// <summary>The inner task's name: a run records the wrapper in its settings.</summary>
    public string Name => inner.Name;

    /// <inheritdoc/>
    public string Description => inner.Description + ", labels shuffled across examples";

    /// <inheritdoc/>
    public TaskVocabulary Vocabulary => inner.Vocabulary;

    /// <inheritdoc/>
    public TaskVocabulary OutputVocabulary => inner.OutputVocabulary;

    /// <inheritdoc/>
    public int SequenceLength => inner.SequenceLength;

    /// <inheritdoc/>
    public int InputWidth => inner.InputWidth;

    /// <inheritdoc/>
    public TargetKind TargetKind => inner.TargetKind;

    /// <inheritdoc/>
    public int OutputWidth => inner.OutputWidth;

    /// <inheritdoc/>
    public IReadOnlyList<TaskMetric> Metrics => inner.Metrics;

    /// <summary>The inner task's settings plus random_labels = true and label_seed.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc/>
    public ExampleBatch Generate()
    {
        var all = inner.Generate();
        return new ExampleBatch(all.Input, all.Targets.SelectRows(ShuffledRows(all.Targets)));
    }

    /// <summary>For each row, the row whose targets it takes.</summary>
    private int[] ShuffledRows(Targets targets)
    {
        int rows = targets.Batch, positions = targets.Positions;
        var groups = new Dictionary<string, List<int>>();
        for (int r = 0; r < rows; r++)
        {
            string key = new(targets.LossMask.AsSpan(r * positions, positions).ToArray().Select(m => m ? '1' : '0').ToArray());
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }
            members.Add(r);
        }
        var source = new int[rows];
        var rng = new Rng((ulong)LabelSeed, stream: 0x1ABE1);
        foreach (var members in groups.Values)
        {
            var shuffled = members.ToArray();
            rng.Shuffle<int>(shuffled);
            for (int i = 0; i < members.Count; i++)
            {
                source[members[i]] = shuffled[i];
            }
        }
        return source;
    }
}
