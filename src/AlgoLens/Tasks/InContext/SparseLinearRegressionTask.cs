using System.Globalization;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.InContext;

/// <summary>
/// Problem 3.14: in-context sparse linear regression (Garg et al. 2022, section 4): w has s non-zero
/// coordinates, on a support chosen uniformly per prompt, each N(0, 1). Knowing that w is sparse,
/// the Lasso needs about s·log(d/s) examples where least squares needs d; Garg et al. find that a
/// trained transformer's error falls below least squares and approaches the Lasso's.
/// </summary>
public sealed class SparseLinearRegressionTask : InContextRegressionTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "icl-sparse-linear";

    /// <summary>
    /// The Lasso penalty of the baseline: Garg et al.'s plots use α = 0.01 (scikit-learn's objective),
    /// small against y's scale, close to the minimum-ℓ1 interpolant that recovers sparse w exactly.
    /// </summary>
    public const double LassoAlpha = 0.01;

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        .. CommonOptions(dimension: 8, examples: 12),
        new("s", "2", "non-zero coordinates of w, 1..d"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "in-context sparse linear regression: predict y = w·x from the earlier (x, y), w with s non-zero N(0, 1) coordinates", Options, "3.14"),
        settings => new SparseLinearRegressionTask(new TaskSettingsReader(TaskName, Options, settings)));

    private SparseLinearRegressionTask(TaskSettingsReader options)
        : base(options)
    {
        Sparsity = options.Int("s", 1, 64);
        if (Sparsity > Dimension)
        {
            throw options.Conflict($"s = {Sparsity} non-zero coordinates do not fit in d = {Dimension}; use s ≤ d.");
        }
        Settings = options.Settings;
    }

    /// <summary>Creates the task: dimension <paramref name="d"/>, <paramref name="k"/> examples, sparsity <paramref name="s"/>, noise σ.</summary>
    public static SparseLinearRegressionTask Create(int d = 8, int k = 12, int s = 2, double noise = 0) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["d"] = d.ToString(CultureInfo.InvariantCulture),
            ["k"] = k.ToString(CultureInfo.InvariantCulture),
            ["noise"] = noise.ToString("R", CultureInfo.InvariantCulture),
            ["s"] = s.ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>The number s of non-zero coordinates of w.</summary>
    public int Sparsity { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"in-context sparse linear regression in d = {Dimension}: {Examples} examples (x, y = w·x{(Noise > 0 ? $" + N(0, {Noise.ToString("G4", CultureInfo.InvariantCulture)}²)" : "")}) per prompt, w with {Sparsity} non-zero N(0, 1) coordinates";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The zero predictor, least squares (ridge when σ &gt; 0) and the Lasso with α = <see cref="LassoAlpha"/>.</summary>
    public override IReadOnlyList<InContextEstimator> Estimators => [.. base.Estimators, InContextEstimator.Lasso(LassoAlpha)];

    /// <summary>
    /// The support: a uniform s-subset by a partial Fisher–Yates shuffle (s integer draws), then its s
    /// values ~ N(0, 1) in coordinate order.
    /// </summary>
    protected override void DrawWeights(Rng rng, Span<float> weights)
    {
        int d = weights.Length;
        var order = Enumerable.Range(0, d).ToArray();
        for (int i = 0; i < Sparsity; i++)
        {
            int pick = rng.NextInt(i, d);
            (order[i], order[pick]) = (order[pick], order[i]);
        }
        var support = order.AsSpan(0, Sparsity).ToArray();
        Array.Sort(support);
        weights.Clear();
        foreach (int j in support)
        {
            weights[j] = (float)rng.Normal();
        }
    }
}
