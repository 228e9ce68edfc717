using System.Collections.ObjectModel;
using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks;

/// <summary>
/// Sparse features to reconstruct, the data of Elhage et al. 2022, "Toy Models of Superposition":
/// each example holds, for every instance i and feature j, x = U[0, 1) with probability p_i and 0
/// otherwise; the target is x itself, weighted by the feature's importance 0.9^j. Instance i sits at
/// position i, so a batch is [batch, n_instances, n_features] (the toy-superposition model's input).
/// </summary>
/// <remarks>
/// As in the paper's notebook, p_i = 20^(-i/(n_instances-1)) (feature_probability =
/// 20 ** -linspace(0, 1, n_instances)): instance 0 is dense (p = 1), the last is sparse (p = 0.05).
/// Each (example, instance, feature) draws two floats from the RNG in row-major order, the gate
/// first then the value, so a batch is a pure function of the RNG's state.
/// </remarks>
public sealed class SparseFeaturesTask : ISampledTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "sparse-features";

    /// <summary>Default number of features.</summary>
    public const int DefaultFeatures = 5;

    /// <summary>Default number of instances.</summary>
    public const int DefaultInstances = 10;

    /// <summary>The options this task reads (for the task registry and <c>--help</c>).</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n_features", DefaultFeatures.ToString(CultureInfo.InvariantCulture), "features per instance (input and output width), 1..10000"),
        new("n_instances", DefaultInstances.ToString(CultureInfo.InvariantCulture), "independent instances (positions), feature probability 1 down to 0.05 across them, 1..10000"),
    ];

    /// <summary>Creates the task.</summary>
    /// <exception cref="ArgumentException">A count is outside 1..10000.</exception>
    public SparseFeaturesTask(int nFeatures = DefaultFeatures, int nInstances = DefaultInstances)
    {
        if (nFeatures is < 1 or > 10_000 || nInstances is < 1 or > 10_000)
        {
            throw new ArgumentException($"sparse-features needs 1 <= n_features <= 10000 and 1 <= n_instances <= 10000; got n_features = {nFeatures}, n_instances = {nInstances}.");
        }
        NFeatures = nFeatures;
        NInstances = nInstances;
        FeatureProbability = Enumerable.Range(0, nInstances)
            .Select(i => (float)Math.Pow(20.0, nInstances == 1 ? 0.0 : -(double)i / (nInstances - 1)))
            .ToArray();
        Importance = Enumerable.Range(0, nFeatures).Select(j => (float)Math.Pow(0.9, j)).ToArray();
        Settings = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>
        {
            ["n_features"] = nFeatures.ToString(CultureInfo.InvariantCulture),
            ["n_instances"] = nInstances.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Creates the task from its settings (keys from <see cref="Options"/>; missing keys take the defaults).</summary>
    /// <exception cref="ArgumentException">An unknown key or a value that is not a whole number.</exception>
    public static SparseFeaturesTask FromSettings(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (string key in settings.Keys)
        {
            if (!Options.Any(o => o.Name == key))
            {
                throw new ArgumentException($"Task '{TaskName}' has no option '{key}'; it takes: {string.Join(", ", Options.Select(o => o.Name))}.");
            }
        }
        int Read(string key, int fallback) =>
            !settings.TryGetValue(key, out var text) ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
            : throw new ArgumentException($"Task '{TaskName}': option {key} = '{text}' is not a whole number.");
        return new SparseFeaturesTask(Read("n_features", DefaultFeatures), Read("n_instances", DefaultInstances));
    }

    /// <summary>Features per instance.</summary>
    public int NFeatures { get; }

    /// <summary>Independent instances.</summary>
    public int NInstances { get; }

    /// <summary>Probability that a feature is non-zero, per instance [n_instances]: 1 down to 0.05.</summary>
    public IReadOnlyList<float> FeatureProbability { get; }

    /// <summary>Loss weight per feature [n_features]: 0.9^j.</summary>
    public IReadOnlyList<float> Importance { get; }

    /// <inheritdoc/>
    public string Name => TaskName;

    /// <inheritdoc/>
    public string Description => "reconstruct sparse features x (x_j ~ U[0,1) with probability p_instance, else 0), importance 0.9^j";

    /// <inheritdoc/>
    public TaskVocabulary Vocabulary => TaskVocabulary.None;

    /// <inheritdoc/>
    public TaskVocabulary OutputVocabulary => TaskVocabulary.None;

    /// <summary>One position per instance.</summary>
    public int SequenceLength => NInstances;

    /// <summary>n_features values per position.</summary>
    public int InputWidth => NFeatures;

    /// <inheritdoc/>
    public TargetKind TargetKind => TargetKind.Real;

    /// <summary>n_features reconstructed values per position.</summary>
    public int OutputWidth => NFeatures;

    /// <inheritdoc/>
    public IReadOnlyList<TaskMetric> Metrics { get; } = [TaskMetric.Mse];

    /// <summary>{"n_features": "5", "n_instances": "10"}.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc/>
    public ExampleBatch Sample(Rng rng, int count)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count < 1)
        {
            throw new ArgumentException($"Cannot sample {count} examples; ask for at least 1.");
        }
        var x = new float[count * NInstances * NFeatures]; // [batch, instance, feature]
        for (int b = 0, k = 0; b < count; b++)
        {
            for (int i = 0; i < NInstances; i++)
            {
                float p = FeatureProbability[i];
                for (int j = 0; j < NFeatures; j++, k++)
                {
                    // Both draws always happen, so the stream's position does not depend on the values.
                    bool present = rng.NextFloat() < p;
                    float value = rng.NextFloat();
                    x[k] = present ? value : 0f;
                }
            }
        }
        var lossMask = new bool[count * NInstances];
        Array.Fill(lossMask, true);
        var input = ModelInput.FromValues(x, count, NInstances, NFeatures);
        var targets = Targets.FromValues((float[])x.Clone(), count, NInstances, NFeatures, lossMask, Importance.ToArray());
        return new ExampleBatch(input, targets);
    }
}
