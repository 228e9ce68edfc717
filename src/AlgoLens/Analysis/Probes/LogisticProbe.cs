namespace AlgoLens.Analysis.Probes;

/// <summary>
/// A multinomial logistic (softmax) probe p(c | x) ∝ exp(x·W[:, c] + b[c]), fitted in double by
/// L-BFGS (<see cref="Lbfgs"/>) on mean cross-entropy + decay/2 · ‖W‖² (the biases not penalised).
/// The objective is strictly convex for decay &gt; 0, so the fit is unique and deterministic.
/// </summary>
/// <param name="Weights">W [d, classes]: column c is class c's direction in feature space.</param>
/// <param name="Biases">b [classes].</param>
public sealed record LogisticProbe(double[,] Weights, double[] Biases)
{
    /// <summary>Number of classes.</summary>
    public int Classes => Biases.Length;

    /// <summary>
    /// Fits the probe to <paramref name="features"/> [n, d] and class <paramref name="labels"/> in
    /// [0, <paramref name="classes"/>) (the number of classes defaults to max label + 1).
    /// </summary>
    public static LogisticProbe Fit(double[,] features, int[] labels, double decay, int? classes = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ProbeData.Check(features, labels.Length, minimum: 2);
        if (!(decay >= 0) || !double.IsFinite(decay))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), $"The weight decay must be finite and ≥ 0; got {decay}.");
        }
        int k = classes ?? labels.Max() + 1;
        if (labels.Any(l => l < 0 || l >= k))
        {
            throw new ArgumentException($"Labels must lie in [0, {k}); got {labels.Min()}..{labels.Max()}. Map the classes to 0..{k - 1}.", nameof(labels));
        }
        if (k < 2)
        {
            throw new ArgumentException("A logistic probe needs at least 2 classes; give labels of at least 2 values.", nameof(labels));
        }
        return FitFrom(new LogisticObjective(features, labels, k), decay, start: null).Probe;
    }

    /// <summary>
    /// The fit of <see cref="Fit"/> on rows already prepared, from <paramref name="start"/> (zeros
    /// when null): the decay grid starts each fit from the previous decay's solution, larger decay
    /// first. The objective is strictly convex, so the start changes how many steps it takes, not
    /// where it ends (up to the tolerance).
    /// </summary>
    internal static (LogisticProbe Probe, double[] Theta) FitFrom(LogisticObjective objective, double decay, double[]? start)
    {
        int d = objective.Width, k = objective.Classes;
        var theta = Lbfgs.Minimize(p => objective.Evaluate(p, decay), start ?? new double[d * k + k]);
        return (Unpack(theta, d, k), theta);
    }

    /// <summary>Class probabilities [n, classes] for <paramref name="features"/> [n, d].</summary>
    public double[,] Probabilities(double[,] features)
    {
        CheckWidth(features);
        int n = features.GetLength(0);
        var result = new double[n, Classes];
        var z = new double[Classes];
        for (int r = 0; r < n; r++)
        {
            Softmax(features, r, Weights, Biases, z);
            for (int c = 0; c < Classes; c++)
            {
                result[r, c] = z[c];
            }
        }
        return result;
    }

    /// <summary>The most probable class of each row of <paramref name="features"/> (the lowest on a tie).</summary>
    public int[] Predict(double[,] features)
    {
        var p = Probabilities(features);
        var result = new int[p.GetLength(0)];
        for (int r = 0; r < result.Length; r++)
        {
            for (int c = 1; c < Classes; c++)
            {
                if (p[r, c] > p[r, result[r]])
                {
                    result[r] = c;
                }
            }
        }
        return result;
    }

    /// <summary>The fraction of rows whose predicted class is the label.</summary>
    public double Accuracy(double[,] features, int[] labels) =>
        Predict(features).Zip(labels, (p, l) => p == l ? 1.0 : 0.0).Average();

    /// <summary>Mean cross-entropy −log p(label | x) over the rows (no decay term).</summary>
    public double CrossEntropy(double[,] features, int[] labels)
    {
        var p = Probabilities(features);
        return labels.Select((l, r) => -Math.Log(Math.Max(p[r, l], 1e-300))).Average();
    }

    /// <summary>
    /// The fitting objective (mean cross-entropy + decay/2 · ‖W‖²) and its gradient at parameters
    /// <paramref name="theta"/> = [W row-major (d·classes), b (classes)].
    /// </summary>
    internal static (double Value, double[] Gradient) Objective(double[,] features, int[] labels, int k, double decay, double[] theta)
    {
        int n = features.GetLength(0), d = features.GetLength(1);
        var (w, b) = Unpack(theta, d, k);
        var grad = new double[theta.Length];
        var p = new double[k];
        double loss = 0;
        for (int r = 0; r < n; r++)
        {
            Softmax(features, r, w, b, p);
            loss -= Math.Log(Math.Max(p[labels[r]], 1e-300));
            p[labels[r]] -= 1; // ∂CE/∂z = p − onehot
            for (int i = 0; i < d; i++)
            {
                double x = features[r, i] / n;
                for (int c = 0; c < k; c++)
                {
                    grad[i * k + c] += x * p[c];
                }
            }
            for (int c = 0; c < k; c++)
            {
                grad[d * k + c] += p[c] / n;
            }
        }
        double penalty = 0;
        for (int j = 0; j < d * k; j++)
        {
            penalty += theta[j] * theta[j];
            grad[j] += decay * theta[j];
        }
        return (loss / n + decay / 2 * penalty, grad);
    }

    // Softmax of row r's logits into p, shifted by the maximum so that exp cannot overflow.
    private static void Softmax(double[,] features, int r, double[,] w, double[] b, double[] p)
    {
        int d = w.GetLength(0), k = b.Length;
        double max = double.NegativeInfinity;
        for (int c = 0; c < k; c++)
        {
            double z = b[c];
            for (int i = 0; i < d; i++)
            {
                z += features[r, i] * w[i, c];
            }
            p[c] = z;
            max = Math.Max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++)
        {
            p[c] /= sum;
        }
    }

    private static LogisticProbe Unpack(double[] theta, int d, int k)
    {
        var w = new double[d, k];
        for (int i = 0; i < d; i++)
        {
            for (int c = 0; c < k; c++)
            {
                w[i, c] = theta[i * k + c];
            }
        }
        return new LogisticProbe(w, theta[(d * k)..]);
    }

    private void CheckWidth(double[,] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.GetLength(1) != Weights.GetLength(0))
        {
            throw new ArgumentException($"The features have {features.GetLength(1)} columns; the probe was fitted on {Weights.GetLength(0)}.", nameof(features));
        }
    }
}
