using System.Collections.ObjectModel;
using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks;

/// <summary>
/// Sparse features to reconstruct, the data of Elhage et al. 2022, "Toy Models of Superposition":
/// each example holds, for every instance i and feature j, x = U[0, 1) with probability p_i = 1 − S_i
/// and 0 otherwise; the target is x itself, weighted by the feature's importance r_i^j (r_i, the
/// instance's importance decay, 0.9 by default). Instance i sits at position i, so a batch is
/// [batch, n_instances, n_features] (the toy-superposition model's input).
/// </summary>
/// <remarks>
/// By default, as in the paper's notebook, p_i = 20^(-i/(n_instances-1)) (feature_probability =
/// 20 ** -linspace(0, 1, n_instances)): instance 0 is dense (p = 1), the last is sparse (p = 0.05).
/// The options <c>sparsity</c> (one S_i per instance) and <c>importance_decay</c> (one r for all,
/// or one per instance) set the paper's other settings; they enter the settings only when given, so
/// runs made without them keep their settings and data. Each (example, instance, feature) draws two
/// floats from the RNG in row-major order, the gate first then the value, so a batch is a pure
/// function of the RNG's state.
/// </remarks>
public sealed class SparseFeaturesTask : ISampledTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "sparse-features";

    /// <summary>Default number of features.</summary>
    public const int DefaultFeatures = 5;

    /// <summary>Default number of instances.</summary>
    public const int DefaultInstances = 10;

    /// <summary>Default importance decay r (importance of feature j is r^j).</summary>
    public const double DefaultImportanceDecay = 0.9;

    private readonly float[][] importanceOf; // [instance][feature]
    private readonly float[] weights; // [n_features], or [n_instances·n_features] when instances differ

    /// <summary>The options this task reads (for the task registry and <c>--help</c>).</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n_features", DefaultFeatures.ToString(CultureInfo.InvariantCulture), "features per instance (input and output width), 1..10000"),
        new("n_instances", DefaultInstances.ToString(CultureInfo.InvariantCulture), "independent instances (positions), feature probability 1 down to 0.05 across them, 1..10000 (default: the number of sparsities when sparsity is given)"),
        new("sparsity", "", "comma-separated sparsity S of each instance, each in [0, 1) (feature probability 1 - S); default: 1 - 20^(-i/(n_instances-1))"),
        new("importance_decay", "0.9", "importance decay r > 0 (feature j weighs r^j): one value for every instance, or comma-separated, one per instance"),
    ];

    /// <summary>Creates the task.</summary>
    /// <param name="nFeatures">Features per instance.</param>
    /// <param name="nInstances">Instances (positions).</param>
    /// <param name="sparsity">Sparsity S_i of each instance (n_instances values in [0, 1)); null for the notebook's schedule.</param>
    /// <param name="importanceDecay">Importance decay r: one value, or one per instance; null for 0.9.</param>
    /// <exception cref="ArgumentException">A count is outside 1..10000, a sparsity outside [0, 1), a decay not positive, or a list of the wrong length.</exception>
    public SparseFeaturesTask(int nFeatures = DefaultFeatures, int nInstances = DefaultInstances, IReadOnlyList<double>? sparsity = null, IReadOnlyList<double>? importanceDecay = null)
    {
        if (nFeatures is < 1 or > 10_000 || nInstances is < 1 or > 10_000)
        {
            throw new ArgumentException($"sparse-features needs 1 <= n_features <= 10000 and 1 <= n_instances <= 10000; got n_features = {nFeatures}, n_instances = {nInstances}.");
        }
        NFeatures = nFeatures;
        NInstances = nInstances;
        var settings = new Dictionary<string, string>
        {
            ["n_features"] = nFeatures.ToString(CultureInfo.InvariantCulture),
            ["n_instances"] = nInstances.ToString(CultureInfo.InvariantCulture),
        };
        if (sparsity is null)
        {
            FeatureProbability = Enumerable.Range(0, nInstances)
                .Select(i => (float)Math.Pow(20.0, nInstances == 1 ? 0.0 : -(double)i / (nInstances - 1)))
                .ToArray();
            Sparsity = FeatureProbability.Select(p => 1.0 - p).ToArray();
        }
        else
        {
            if (sparsity.Count != nInstances)
            {
                throw new ArgumentException($"sparse-features: {sparsity.Count} sparsities for n_instances = {nInstances}; give one sparsity per instance (or leave n_instances out).");
            }
            var bad = sparsity.Where(s => !(s >= 0 && s < 1)).ToArray();
            if (bad.Length > 0)
            {
                throw new ArgumentException($"sparse-features: sparsity {Format(bad[0])} is outside [0, 1); S is the probability that a feature is zero, so use values such as 0, 0.9, 0.99.");
            }
            Sparsity = sparsity.ToArray();
            FeatureProbability = sparsity.Select(s => (float)(1.0 - s)).ToArray();
            settings["sparsity"] = string.Join(",", sparsity.Select(Format));
        }
        var decays = importanceDecay ?? [DefaultImportanceDecay];
        if (decays.Count != 1 && decays.Count != nInstances)
        {
            throw new ArgumentException($"sparse-features: {decays.Count} importance decays for n_instances = {nInstances}; give one for every instance or one per instance.");
        }
        foreach (double r in decays.Where(r => !(r > 0 && double.IsFinite(r))).Take(1))
        {
            throw new ArgumentException($"sparse-features: importance decay {Format(r)} is not a positive number; feature j weighs r^j, so use r > 0 (1 for equal importance).");
        }
        if (importanceDecay is not null)
        {
            settings["importance_decay"] = string.Join(",", decays.Select(Format));
        }
        ImportanceDecay = Enumerable.Range(0, nInstances).Select(i => decays[decays.Count == 1 ? 0 : i]).ToArray();
        importanceOf = ImportanceDecay.Select(r => Enumerable.Range(0, nFeatures).Select(j => (float)Math.Pow(r, j)).ToArray()).ToArray();
        Importance = importanceOf[0];
        // One weight per feature when every instance weighs alike (the notebook's case); else one per (instance, feature).
        weights = ImportanceDecay.Distinct().Count() == 1 ? importanceOf[0] : importanceOf.SelectMany(w => w).ToArray();
        Settings = new ReadOnlyDictionary<string, string>(settings);
        Description = importanceDecay is null && sparsity is null
            ? "reconstruct sparse features x (x_j ~ U[0,1) with probability p_instance, else 0), importance 0.9^j"
            : "reconstruct sparse features x (x_j ~ U[0,1) with probability 1 - S_instance, else 0), importance r_instance^j";
    }

    /// <summary>Creates the task from its settings (keys from <see cref="Options"/>; missing keys take the defaults).</summary>
    /// <exception cref="ArgumentException">An unknown key or a value that is not a whole number (or, for the lists, not numbers).</exception>
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
        var sparsity = settings.TryGetValue("sparsity", out var s) ? ParseList("sparsity", s) : null;
        var decay = settings.TryGetValue("importance_decay", out var r) ? ParseList("importance_decay", r) : null;
        return new SparseFeaturesTask(Read("n_features", DefaultFeatures), Read("n_instances", sparsity?.Length ?? DefaultInstances), sparsity, decay);
    }

    /// <summary>Parses a comma-separated list of numbers (invariant culture).</summary>
    /// <exception cref="ArgumentException">An entry is not a number.</exception>
    private static double[] ParseList(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
                ? value
                : throw new ArgumentException($"Task '{TaskName}': option {option} = '{text}' holds '{part}', which is not a number; give comma-separated numbers such as 0,0.9,0.99.")).ToArray();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Features per instance.</summary>
    public int NFeatures { get; }

    /// <summary>Independent instances.</summary>
    public int NInstances { get; }

    /// <summary>Probability that a feature is non-zero, per instance [n_instances]: 1 − S_i (by default 1 down to 0.05).</summary>
    public IReadOnlyList<float> FeatureProbability { get; }

    /// <summary>Sparsity S_i per instance [n_instances]: the probability that a feature is zero.</summary>
    public IReadOnlyList<double> Sparsity { get; }

    /// <summary>Importance decay r_i per instance [n_instances] (0.9 unless set).</summary>
    public IReadOnlyList<double> ImportanceDecay { get; }

    /// <summary>Loss weight per feature [n_features] of instance 0: r^j (0.9^j by default).</summary>
    public IReadOnlyList<float> Importance { get; }

    /// <summary>Loss weight per feature [n_features] of instance <paramref name="instance"/>: r_instance^j.</summary>
    public IReadOnlyList<float> ImportanceOf(int instance) => importanceOf[instance];

    /// <inheritdoc/>
    public string Name => TaskName;

    /// <inheritdoc/>
    public string Description { get; }

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
        var targets = Targets.FromValues((float[])x.Clone(), count, NInstances, NFeatures, lossMask, (float[])weights.Clone());
        return new ExampleBatch(input, targets);
    }
}
