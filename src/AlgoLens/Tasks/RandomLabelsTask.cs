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
/// test accuracy should sit at chance. With <see cref="NoiseOption"/> instead (problem 3.29, deep
/// double descent as in Nakkiran et al. 2019), only a fraction of the examples is corrupted: each of
/// them gets, at every loss position, a random class other than its own.
/// </summary>
/// <remarks>
/// Rows are shuffled only among rows whose loss positions are the same, so a sequence never gets a
/// target at a position it has no loss at. The shuffle (or the choice of noisy examples and their
/// labels) is a function of <see cref="LabelSeed"/> and the task alone, independent of the run's
/// seed, so runs of several seeds see the same labels. The labels change before the run splits the
/// examples, so test examples are corrupted as often as training ones; the split depends only on
/// the run's seed and the number of examples, so evaluating a run against the clean task measures
/// clean test accuracy on the same held-out examples.
/// </remarks>
public sealed class RandomLabelsTask : IEnumeratedTask
{
    /// <summary>The option that turns the wrapper on (every enumerated task takes it).</summary>
    public const string Option = "random_labels";

    /// <summary>The option that seeds the shuffle.</summary>
    public const string SeedOption = "label_seed";

    /// <summary>The option that corrupts a fraction of the labels instead (every enumerated task takes it).</summary>
    public const string NoiseOption = "label_noise";

    /// <summary>The three options, for listings.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new(Option, "false", "true: shuffle the targets across examples once (memorisation study, problem 3.24); enumerated tasks only"),
        new(NoiseOption, "0", "fraction F in [0, 1] of the examples whose targets become a random other class (label noise, problem 3.29); enumerated tasks only"),
        new(SeedOption, "0", "seed of that shuffle or noise, 0..2^31-1 (independent of the run's seed)"),
    ];

    // The PCG32 stream of the noise: a stream of its own, so that a given label_seed corrupts the
    // same examples whatever else draws from that seed.
    private const ulong NoiseStream = 0x401_5E;

    private readonly IEnumeratedTask inner;

    /// <summary>The wrapped task's: relabelling keeps every example.</summary>
    public long? MaxExampleCount => inner.MaxExampleCount;

    /// <summary>Wraps <paramref name="inner"/> with its targets shuffled by <paramref name="labelSeed"/>.</summary>
    public RandomLabelsTask(IEnumeratedTask inner, int labelSeed)
        : this(inner, labelSeed, null)
    {
    }

    private RandomLabelsTask(IEnumeratedTask inner, int labelSeed, double? labelNoise)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (labelSeed < 0)
        {
            throw new ArgumentException($"label_seed is {labelSeed}; use a seed from 0 to 2^31-1.");
        }
        this.inner = inner;
        LabelSeed = labelSeed;
        LabelNoise = labelNoise;
        var settings = new Dictionary<string, string>(inner.Settings)
        {
            [SeedOption] = labelSeed.ToString(CultureInfo.InvariantCulture),
        };
        if (labelNoise is { } fraction)
        {
            settings[NoiseOption] = fraction.ToString("R", CultureInfo.InvariantCulture);
        }
        else
        {
            settings[Option] = "true";
        }
        Settings = new ReadOnlyDictionary<string, string>(settings);
    }

    /// <summary>
    /// Wraps <paramref name="inner"/> with round(<paramref name="fraction"/> · N) of its N examples,
    /// chosen by <paramref name="labelSeed"/>, given a random other class at every loss position.
    /// </summary>
    /// <exception cref="ArgumentException">The fraction is outside [0, 1], or the task's targets are not classes (at least two).</exception>
    public static RandomLabelsTask WithLabelNoise(IEnumeratedTask inner, double fraction, int labelSeed)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentException($"label_noise is {fraction.ToString(CultureInfo.InvariantCulture)}; use a fraction of the examples from 0 to 1, e.g. 0.2.");
        }
        if (inner.TargetKind != TargetKind.Classes || inner.OutputWidth < 2)
        {
            throw new ArgumentException($"Task '{inner.Name}' has no classes to swap (label_noise gives a noisy example another class); use it with a task whose targets are classes.");
        }
        return new RandomLabelsTask(inner, labelSeed, fraction);
    }

    /// <summary>The task whose labels are shuffled.</summary>
    public IEnumeratedTask Inner => inner;

    /// <summary>Seed of the shuffle or the noise.</summary>
    public int LabelSeed { get; }

    /// <summary>The fraction of examples with corrupted labels, or null when the labels are shuffled instead.</summary>
    public double? LabelNoise { get; }

    /// <summary>The inner task's name: a run records the wrapper in its settings.</summary>
    public string Name => inner.Name;

    /// <inheritdoc/>
    public string Description => inner.Description + (LabelNoise is { } fraction
        ? $", {fraction.ToString("0.###", CultureInfo.InvariantCulture)} of the examples with a random wrong label"
        : ", labels shuffled across examples");

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

    /// <summary>The inner task's settings plus random_labels = true (or label_noise) and label_seed.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc/>
    public ExampleBatch Generate()
    {
        var all = inner.Generate();
        return LabelNoise is { } fraction
            ? new ExampleBatch(all.Input, Noisy(all.Targets, fraction))
            : new ExampleBatch(all.Input, all.Targets.SelectRows(ShuffledRows(all.Targets)));
    }

    /// <summary>The targets with round(fraction · rows) rows, chosen by the seed, given another class at every loss position.</summary>
    private Targets Noisy(Targets targets, double fraction)
    {
        int rows = targets.Batch, positions = targets.Positions, classCount = OutputWidth;
        var classes = (int[])targets.Classes!.Clone();
        var rng = new Rng((ulong)LabelSeed, stream: NoiseStream);
        int[] order = rng.Permutation(rows);
        int noisy = (int)Math.Round(fraction * rows, MidpointRounding.AwayFromZero);
        foreach (int row in order.AsSpan(0, noisy))
        {
            for (int i = row * positions; i < (row + 1) * positions; i++)
            {
                if (classes[i] >= 0)
                {
                    // One of the other classes - 1 classes, uniformly: never the true one.
                    classes[i] = (classes[i] + 1 + rng.NextInt(classCount - 1)) % classCount;
                }
            }
        }
        return Targets.FromClasses(classes, rows, positions);
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
