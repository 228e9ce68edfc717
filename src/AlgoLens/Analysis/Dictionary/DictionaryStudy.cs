using System.Diagnostics;
using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// <c>algolens dictionary</c>'s work: cache one hook at one position on the task's examples, fit a
/// dictionary to a seeded four fifths of the rows, and measure it on the other fifth (reconstruction
/// error, the model's loss with the reconstruction spliced in against zero and mean ablation), then
/// against the ground truth the run has: the toy model of superposition's features (W's columns at
/// the instance read, for its hook_hidden) or a grokking run's key frequencies (all p² inputs).
/// </summary>
public static class DictionaryStudy
{
    // Streams of the seed, so that the sampling, the split and the method draw independently.
    private const ulong SampleStream = 0xD1C7_5A;
    private const ulong SplitStream = 0xD1C7_5B;

    /// <summary>Runs the study on <paramref name="run"/>.</summary>
    /// <exception cref="ArgumentException">An unknown hook or method, a component count out of range, negative activations for NMF, too few examples, a missing checkpoint.</exception>
    public static DictionaryStudyResult Run(RunFolder run, DictionaryStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var method = DictionaryMethods.Create(options.Method, options.Settings);
        if (options.Components < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"--components must be at least 1; got {options.Components}.");
        }
        if (!(options.HeldOutFraction > 0 && options.HeldOutFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"The held-out fraction must be in (0, 1); got {options.HeldOutFraction}.");
        }
        var steps = run.Steps();
        if (steps.Count == 0 || (options.Step is { } asked && !steps.Contains(asked)))
        {
            throw new ArgumentException(steps.Count == 0
                ? $"The run {run.Directory} has no checkpoint yet; train it first."
                : $"The run {run.Directory} has no checkpoint at step {options.Step}. Saved steps: {string.Join(", ", steps)}.");
        }
        int step = options.Step ?? steps[^1];
        var model = run.LoadModel(step);
        string hook = DictionaryActivations.Resolve(model, options.Hook);
        var (examples, everyExample) = Examples(run.Task, options);
        if (examples.Count < DictionaryStudyOptions.MinimumExamples)
        {
            throw new ArgumentException($"{examples.Count} examples are too few: the study needs at least {DictionaryStudyOptions.MinimumExamples} (a fifth is held out). Give a larger --examples.");
        }
        int position = options.Position ?? examples.Targets.LossPositions()[^1];
        position = position < 0 ? position + examples.Input.Positions : position;
        var rows = DictionaryActivations.Collect(model, examples.Input, hook, position);
        int n = rows.GetLength(0), width = rows.GetLength(1);

        var order = new Rng(options.Seed, SplitStream).Permutation(n);
        int held = Math.Max(2, (int)Math.Round(n * options.HeldOutFraction));
        var heldOut = order.Take(held).Order().ToArray();
        var fitted = order.Skip(held).Order().ToArray();
        var fitRows = Select(rows, fitted);
        var heldRows = Select(rows, heldOut);

        var clock = Stopwatch.StartNew();
        var dictionary = method.Fit(DictionaryMath.ToTensor(fitRows), new DictionaryOptions { Components = options.Components, Seed = options.Seed, MaxIterations = options.MaxIterations });
        double seconds = clock.Elapsed.TotalSeconds;

        double fvu = ReconstructionError.FractionOfVarianceUnexplained(dictionary, heldRows);
        var losses = DictionarySplice.Measure(model, examples.SelectRows(heldOut), hook, position, dictionary, DictionaryMath.Mean(fitRows));
        var features = Features(model, hook, position, width) is { } truth ? FeatureSummary.Of(FeatureMatch.Of(dictionary.Atoms, truth)) : null;
        var frequencies = everyExample ? Frequencies(run, model, rows, dictionary) : null;
        return new DictionaryStudyResult
        {
            Method = method.Name, Hook = hook, Position = position, Step = step, Components = dictionary.Count, Width = width,
            Examples = n, FitRows = fitted.Length, HeldOutRows = heldOut.Length, Seed = options.Seed, Fvu = fvu, Losses = losses,
            Diagnostics = dictionary.Diagnostics, Features = features, Frequencies = frequencies, FitSeconds = seconds,
        };
    }

    // The task's examples: all of an enumerated task's (or a seeded subset), or fresh samples.
    private static (ExampleBatch Examples, bool Every) Examples(ITask task, DictionaryStudyOptions options)
    {
        if (options.Examples is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"--examples must be positive; got {options.Examples}.");
        }
        switch (task)
        {
            case IEnumeratedTask enumerated:
                var all = enumerated.Generate();
                if (options.Examples is not { } count || count >= all.Count)
                {
                    return (all, true);
                }
                var subset = new Rng(options.Seed, SampleStream).Permutation(all.Count).Take(count).Order().ToArray();
                return (all.SelectRows(subset), false);
            case ISampledTask sampled:
                return (sampled.Sample(new Rng(options.Seed, SampleStream), options.Examples ?? DictionaryStudyOptions.DefaultSampledExamples), false);
            default:
                throw new ArgumentException($"Task '{task.Name}' neither enumerates nor samples its examples, so there is nothing to cache.");
        }
    }

    private static double[,] Select(double[,] rows, int[] indices)
    {
        int d = rows.GetLength(1);
        var result = new double[indices.Length, d];
        for (int i = 0; i < indices.Length; i++)
        {
            for (int j = 0; j < d; j++)
            {
                result[i, j] = rows[indices[i], j];
            }
        }
        return result;
    }

    // The toy model's features in its hidden space: W[instance]'s columns, [n_features, d_hidden].
    private static double[,]? Features(IModel model, string hook, int position, int width)
    {
        if (model is not ToySuperpositionModel toy || hook != "hook_hidden" || width != toy.Config.DHidden)
        {
            return null;
        }
        int m = toy.Config.DHidden, f = toy.Config.NFeatures;
        var w = toy.W.Data; // [instance, d_hidden, n_features]
        var features = new double[f, m];
        for (int j = 0; j < f; j++)
        {
            for (int h = 0; h < m; h++)
            {
                features[j, h] = w[(position * m + h) * f + j];
            }
        }
        return features;
    }

    // The grokking run's key frequencies (from its last MLP's neurons, as the grokking analysis
    // finds them) and which the atoms' codes over all p² inputs recover.
    private static FrequencySummary? Frequencies(RunFolder run, IModel model, double[,] rows, DictionaryResult dictionary)
    {
        if (GrokkingApplicability.WhyNot(run) is not null || model is not HookedTransformer transformer)
        {
            return null;
        }
        int p = ((ModularArithmeticTask)run.Task).P;
        if (rows.GetLength(0) != p * p)
        {
            return null;
        }
        var basis = new FourierBasis(p);
        var (_, neurons) = GrokkingProgress.LastPosition(transformer, p, transformer.Config.NLayers - 1);
        var keys = NeuronFrequencies.Analyse(basis, neurons).KeyFrequencies();
        return FrequencySummary.Of(FrequencyRecovery.Of(basis, dictionary.Encode(rows), keys));
    }
}
