using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.InContext;

/// <summary>
/// In-context regression (problems 3.13 and 3.14; Garg et al. 2022, "What Can Transformers Learn
/// In-Context? A Case Study of Simple Function Classes"): every prompt draws its own weights w and
/// inputs x_1..x_k ~ N(0, I_d), with y_i = w·x_i + σε_i, and the model predicts each y_i at x_i's
/// position from the examples before it (layout in <see cref="RegressionPrompt"/>; the loss reads
/// the k x positions only, one output each). Subclasses say how w is drawn. The model must be causal:
/// with bidirectional attention y_i stands right after x_i and can be copied.
/// </summary>
/// <remarks>
/// Each prompt draws, in order, w (as the subclass says), x [k, d] row-major with
/// <see cref="Rng.FillNormal"/>, then k noise values when σ &gt; 0, so a batch is a pure function
/// of the RNG's state. y is computed in double from the float x and w and rounded once.
/// </remarks>
public abstract class InContextRegressionTask : ISampledTask, ITaskBaselines
{
    /// <summary>Reads the options shared by every in-context regression task: d, k and noise.</summary>
    protected InContextRegressionTask(TaskSettingsReader options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dimension = options.Int("d", 1, 64);
        Examples = options.Int("k", 1, 256);
        Noise = options.Double("noise", 0, 100);
    }

    /// <summary>The options every in-context regression task takes: d, k and noise, with the given defaults.</summary>
    protected static IReadOnlyList<TaskOptionInfo> CommonOptions(int dimension, int examples) =>
    [
        new("d", dimension.ToString(CultureInfo.InvariantCulture), "dimension of x and w, 1..64"),
        new("k", examples.ToString(CultureInfo.InvariantCulture), "examples (x, y) per prompt, 1..256 (2k positions; Garg et al. plot up to 2d + 1)"),
        new("noise", "0", "standard deviation σ of the noise added to each y, 0..100"),
    ];

    /// <summary>The dimension d of x and w.</summary>
    public int Dimension { get; }

    /// <summary>The number k of examples per prompt.</summary>
    public int Examples { get; }

    /// <summary>The noise σ on y.</summary>
    public double Noise { get; }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>None: the input is real-valued.</summary>
    public TaskVocabulary Vocabulary => TaskVocabulary.None;

    /// <summary>None: the targets are real-valued.</summary>
    public TaskVocabulary OutputVocabulary => TaskVocabulary.None;

    /// <summary>2k: x_1, y_1, ..., x_k, y_k.</summary>
    public int SequenceLength => 2 * Examples;

    /// <summary>d + 1 values per position.</summary>
    public int InputWidth => RegressionPrompt.Width(Dimension);

    /// <inheritdoc/>
    public TargetKind TargetKind => TargetKind.Real;

    /// <summary>One value, y, per position.</summary>
    public int OutputWidth => 1;

    /// <inheritdoc/>
    public IReadOnlyList<TaskMetric> Metrics { get; } = [TaskMetric.Mse];

    /// <inheritdoc/>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>
    /// The estimators the baselines run, each as a curve over the number of earlier examples: the
    /// zero predictor, least squares, and ridge with λ = σ² (the posterior mean under w ~ N(0, I),
    /// so the Bayes-optimal predictor of icl-linear; it is least squares when σ = 0 and left out then).
    /// </summary>
    public virtual IReadOnlyList<InContextEstimator> Estimators =>
        Noise > 0
            ? [InContextEstimator.Zero, InContextEstimator.LeastSquares, InContextEstimator.Ridge(Noise * Noise, "λ = σ², the posterior mean under w ~ N(0, I)")]
            : [InContextEstimator.Zero, InContextEstimator.LeastSquares];

    /// <inheritdoc/>
    public ExampleBatch Sample(Rng rng, int count)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count < 1)
        {
            throw new ArgumentException($"Cannot sample {count} examples; ask for at least 1.");
        }
        int positions = SequenceLength, width = InputWidth;
        var values = new float[count * positions * width];
        var targets = new float[count * positions];
        var lossMask = new bool[count * positions];
        for (int b = 0; b < count; b++)
        {
            var (_, prompt) = Draw(rng);
            prompt.WriteTo(values.AsSpan(b * positions * width, positions * width));
            for (int i = 0; i < Examples; i++)
            {
                int slot = b * positions + RegressionPrompt.QueryPosition(i);
                targets[slot] = (float)prompt.Y[i];
                lossMask[slot] = true;
            }
        }
        return new ExampleBatch(
            ModelInput.FromValues(values, count, positions, width),
            Targets.FromValues(targets, count, positions, 1, lossMask));
    }

    /// <summary>One prompt and the weights it was drawn with, from <paramref name="rng"/> only.</summary>
    public (float[] Weights, RegressionPrompt Prompt) Draw(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int d = Dimension, k = Examples;
        var w = new float[d];
        DrawWeights(rng, w);
        var xs = new float[k * d];
        rng.FillNormal(xs, 0f, 1f);
        var x = new double[k * d];
        var y = new double[k];
        for (int i = 0; i < k; i++)
        {
            double dot = 0;
            for (int j = 0; j < d; j++)
            {
                x[i * d + j] = xs[i * d + j];
                dot += (double)w[j] * xs[i * d + j];
            }
            // Rounded to float here, as the layout stores it, so the prompt says exactly what the model reads.
            y[i] = (float)dot;
        }
        if (Noise > 0)
        {
            for (int i = 0; i < k; i++)
            {
                y[i] = (float)(y[i] + Noise * rng.Normal());
            }
        }
        return (w, new RegressionPrompt(x, y, d));
    }

    /// <summary>
    /// The target at each of a prompt's k queries, by the task's definition: at x_i the y_i that
    /// stands after it. Read from the layout of <paramref name="values"/> ([2k, d + 1]), not from the
    /// generator's arrays, so that comparing the two checks where the targets sit.
    /// </summary>
    /// <exception cref="ArgumentException">The values are not a prompt of this task.</exception>
    public float[] Answer(ReadOnlySpan<float> values)
    {
        var prompt = RegressionPrompt.Read(values, Dimension);
        if (prompt.Count != Examples)
        {
            throw new ArgumentException($"A {Name} prompt has {Examples} examples; got {prompt.Count}.");
        }
        return prompt.Y.Select(y => (float)y).ToArray();
    }

    /// <summary>
    /// Per estimator (<see cref="Estimators"/>): its mse over every query ("least_squares_mse",
    /// comparable with the model's mse) and its curve, "least_squares_mse_at_n" with n = 0..k-1
    /// examples before the query.
    /// </summary>
    public IReadOnlyList<TaskFigure> Baselines(ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var baselines = new List<TaskFigure>();
        foreach (var estimator in Estimators)
        {
            var curve = InContextCurve.Of(estimator, examples);
            baselines.Add(new TaskFigure($"{estimator.Name}_mse", curve.Average(), $"{estimator.Description}: mse over all {Examples} queries"));
            for (int n = 0; n < curve.Length; n++)
            {
                baselines.Add(new TaskFigure($"{estimator.Name}_mse_at_{n}", curve[n], $"{estimator.Description}: mse at the query after {n} example(s)"));
            }
        }
        return baselines;
    }

    /// <summary>Draws the prompt's weights w [d] from <paramref name="rng"/>.</summary>
    protected abstract void DrawWeights(Rng rng, Span<float> weights);
}
