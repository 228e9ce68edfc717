using System.Globalization;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.InContext;

/// <summary>
/// Problem 3.13: in-context linear regression, w ~ N(0, I_d) per prompt (Garg et al. 2022). A
/// trained transformer's error per number of examples tracks least squares (zero from d examples on
/// without noise), and with noise the Bayes-optimal ridge (Akyürek et al. 2022); von Oswald et al.
/// 2023 construct linear self-attention layers that perform a gradient-descent step on the
/// in-context least-squares loss.
/// </summary>
public sealed class LinearRegressionTask : InContextRegressionTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "icl-linear";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } = CommonOptions(dimension: 5, examples: 11);

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "in-context linear regression: predict y = w·x from the earlier (x, y) of the prompt, w ~ N(0, I) per prompt", Options, "3.13"),
        settings => new LinearRegressionTask(new TaskSettingsReader(TaskName, Options, settings)));

    private LinearRegressionTask(TaskSettingsReader options)
        : base(options)
    {
        Settings = options.Settings;
    }

    /// <summary>Creates the task: dimension <paramref name="d"/>, <paramref name="k"/> examples per prompt, noise σ.</summary>
    public static LinearRegressionTask Create(int d = 5, int k = 11, double noise = 0) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["d"] = d.ToString(CultureInfo.InvariantCulture),
            ["k"] = k.ToString(CultureInfo.InvariantCulture),
            ["noise"] = noise.ToString("R", CultureInfo.InvariantCulture),
        }));

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"in-context linear regression in d = {Dimension}: {Examples} examples (x, y = w·x{(Noise > 0 ? $" + N(0, {Noise.ToString("G4", CultureInfo.InvariantCulture)}²)" : "")}) per prompt, w ~ N(0, I)";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>w ~ N(0, I_d).</summary>
    protected override void DrawWeights(Rng rng, Span<float> weights) => rng.FillNormal(weights, 0f, 1f);
}
