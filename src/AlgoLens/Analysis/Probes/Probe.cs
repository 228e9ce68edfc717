namespace AlgoLens.Analysis.Probes;

/// <summary>
/// A probe run end to end: a seeded train/test split, the weight decay chosen on a validation part
/// of the train split (lowest validation loss: cross-entropy, or mean squared error), a refit on
/// the whole train split, and the control task (the same procedure on targets shuffled across
/// examples, seeded) whose test score gives the selectivity.
/// </summary>
public static class Probe
{
    /// <summary>A logistic probe from <paramref name="features"/> [n, d] to class <paramref name="labels"/> [n].</summary>
    public static ProbeResult Classify(double[,] features, int[] labels, ProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new ProbeOptions();
        ProbeData.Check(features, labels.Length, options.MinimumExamples);
        if (labels.Any(l => l < 0))
        {
            throw new ArgumentException($"Class labels must be ≥ 0; got {labels.Min()}. Map the classes to 0..k−1.", nameof(labels));
        }
        if (labels.Distinct().Count() < 2)
        {
            throw new ArgumentException($"Every example has class {labels[0]}; a classification probe needs at least 2 classes. Choose a feature that varies over the examples.", nameof(labels));
        }
        int classes = labels.Max() + 1;
        var split = ProbeSplit.Make(labels.Length, options.TestFraction, options.Seed);
        var (probe, decay) = FitClassifier(features, labels, classes, split.Train, options);
        var trainX = ProbeData.Rows(features, split.Train);
        var testX = ProbeData.Rows(features, split.Test);
        var testY = ProbeData.Rows(labels, split.Test);

        var shuffled = Shuffle(labels, options.Seed);
        var (control, _) = FitClassifier(features, shuffled, classes, split.Train, options);
        return new ProbeResult(
            "classification",
            probe.Accuracy(trainX, ProbeData.Rows(labels, split.Train)),
            probe.Accuracy(testX, testY),
            control.Accuracy(testX, ProbeData.Rows(shuffled, split.Test)),
            decay,
            split.Train.Length,
            split.Test.Length,
            probe.Weights,
            probe.Biases);
    }

    /// <summary>A ridge probe from <paramref name="features"/> [n, d] to real <paramref name="targets"/> [n].</summary>
    public static ProbeResult Regress(double[,] features, double[] targets, ProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        options ??= new ProbeOptions();
        ProbeData.Check(features, targets.Length, options.MinimumExamples);
        if (targets.Any(t => !double.IsFinite(t)))
        {
            throw new ArgumentException("A probe target is NaN or infinite; the probe needs finite targets.", nameof(targets));
        }
        if (targets.All(t => t == targets[0]))
        {
            throw new ArgumentException($"Every target is {targets[0]}; a regression probe needs a target that varies over the examples.", nameof(targets));
        }
        var split = ProbeSplit.Make(targets.Length, options.TestFraction, options.Seed);
        var fitGram = new RidgeGram(ProbeData.Rows(features, ValidationSplit(split.Train, options).Fit));
        var trainGram = new RidgeGram(ProbeData.Rows(features, split.Train));
        var (probe, decay) = FitRegressor(features, targets, split.Train, options, fitGram, trainGram);
        var testX = ProbeData.Rows(features, split.Test);

        var shuffled = Shuffle(targets, options.Seed);
        var (control, _) = FitRegressor(features, shuffled, split.Train, options, fitGram, trainGram);
        var directions = new double[probe.Weights.Length, 1];
        for (int i = 0; i < probe.Weights.Length; i++)
        {
            directions[i, 0] = probe.Weights[i];
        }
        return new ProbeResult(
            "regression",
            probe.RSquared(ProbeData.Rows(features, split.Train), ProbeData.Rows(targets, split.Train)),
            probe.RSquared(testX, ProbeData.Rows(targets, split.Test)),
            control.RSquared(testX, ProbeData.Rows(shuffled, split.Test)),
            decay,
            split.Train.Length,
            split.Test.Length,
            directions,
            [probe.Bias]);
    }

    /// <summary>
    /// The decay of <paramref name="decays"/> with the lowest <paramref name="validationLoss"/>
    /// (the larger decay on a tie).
    /// </summary>
    public static double ChooseDecay(IReadOnlyList<double> decays, Func<double, double> validationLoss)
    {
        ArgumentNullException.ThrowIfNull(decays);
        ArgumentNullException.ThrowIfNull(validationLoss);
        if (decays.Count == 0)
        {
            throw new ArgumentException("The weight decay grid is empty; give at least one decay.", nameof(decays));
        }
        double best = double.NaN, bestLoss = double.PositiveInfinity;
        foreach (double decay in decays.OrderByDescending(d => d)) // larger first: a tie keeps the larger
        {
            double loss = validationLoss(decay);
            if (loss < bestLoss)
            {
                best = decay;
                bestLoss = loss;
            }
        }
        return double.IsNaN(best) ? decays.Max() : best;
    }

    // The decay grid from the largest decay down, each fit starting from the one before (warm
    // starts: neighbouring decays have nearby solutions), then the refit on the whole train split
    // from the chosen decay's solution.
    private static (LogisticProbe Probe, double Decay) FitClassifier(double[,] features, int[] labels, int classes, int[] train, ProbeOptions options)
    {
        var (fit, valid) = ValidationSplit(train, options);
        var objective = new LogisticObjective(ProbeData.Rows(features, fit), ProbeData.Rows(labels, fit), classes);
        var validX = ProbeData.Rows(features, valid);
        var validY = ProbeData.Rows(labels, valid);
        var solutions = new Dictionary<double, double[]>();
        double[]? previous = null;
        double decay = ChooseDecay(options.Decays, d =>
        {
            var (probe, theta) = LogisticProbe.FitFrom(objective, d, previous);
            solutions[d] = previous = theta;
            return probe.CrossEntropy(validX, validY);
        });
        var all = new LogisticObjective(ProbeData.Rows(features, train), ProbeData.Rows(labels, train), classes);
        return (LogisticProbe.FitFrom(all, decay, solutions.GetValueOrDefault(decay)).Probe, decay);
    }

    // The Gram matrices of the fit part and of the whole train split are the same for every decay
    // and for the control task's shuffled targets: built once, by the caller.
    private static (LinearProbe Probe, double Decay) FitRegressor(double[,] features, double[] targets, int[] train, ProbeOptions options, RidgeGram fitGram, RidgeGram trainGram)
    {
        var (fit, valid) = ValidationSplit(train, options);
        var fitY = ProbeData.Rows(targets, fit);
        var validX = ProbeData.Rows(features, valid);
        var validY = ProbeData.Rows(targets, valid);
        double decay = ChooseDecay(options.Decays, d => LinearProbe.FitFromGram(fitGram, fitY, d).MeanSquaredError(validX, validY));
        return (LinearProbe.FitFromGram(trainGram, ProbeData.Rows(targets, train), decay), decay);
    }

    // The validation part of the train split, from a seed distinct from the test split's.
    private static (int[] Fit, int[] Valid) ValidationSplit(int[] train, ProbeOptions options)
    {
        var inner = ProbeSplit.Make(train.Length, options.ValidationFraction, options.Seed + 1);
        return (ProbeData.Rows(train, inner.Train), ProbeData.Rows(train, inner.Test));
    }

    // The control task's targets: the same values, permuted across examples by a seeded PCG32.
    private static T[] Shuffle<T>(T[] values, ulong seed)
    {
        var order = new Tensors.Random.Rng(seed + 2).Permutation(values.Length);
        return ProbeData.Rows(values, order);
    }
}
