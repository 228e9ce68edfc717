namespace AlgoLens.Analysis.Probes;

/// <summary>
/// A ridge least-squares probe y ≈ w·x + b, fitted in double by the normal equations (Cholesky).
/// It minimises mean squared error + decay · ‖w‖²; the intercept b is not penalised.
/// </summary>
/// <param name="Weights">w [d], the probe's direction in feature space (not normalised).</param>
/// <param name="Bias">b.</param>
public sealed record LinearProbe(double[] Weights, double Bias)
{
    /// <summary>
    /// Fits w and b to <paramref name="features"/> [n, d] and <paramref name="targets"/> [n]:
    /// with x̄, ȳ the means, w = (XcᵀXc/n + decay·I)⁻¹ Xcᵀyc/n on centred data and b = ȳ − w·x̄.
    /// </summary>
    public static LinearProbe Fit(double[,] features, double[] targets, double decay)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ProbeData.Check(features, targets.Length, minimum: 2);
        if (!(decay >= 0) || !double.IsFinite(decay))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), $"The weight decay must be finite and ≥ 0; got {decay}.");
        }
        if (targets.Any(t => !double.IsFinite(t)))
        {
            throw new ArgumentException("A probe target is NaN or infinite; the probe needs finite targets.", nameof(targets));
        }
        return FitFromGram(new RidgeGram(features), targets, decay);
    }

    /// <summary>
    /// The fit of <see cref="Fit"/> from a Gram matrix computed once: the decay grid and the control
    /// task reuse it, so each further fit costs one Xᵀy and one Cholesky solve, not a new Gram.
    /// </summary>
    internal static LinearProbe FitFromGram(RidgeGram gram, double[] targets, double decay)
    {
        int n = gram.Count, d = gram.Width;
        double yMean = targets.Average();
        var rhs = new double[d];
        for (int r = 0; r < n; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gram.Centred.AsSpan(r * d, d), (targets[r] - yMean) / n, rhs, rhs);
        }
        var a = (double[,])gram.Gram.Clone();
        for (int i = 0; i < d; i++)
        {
            a[i, i] += decay;
        }
        var w = Cholesky.Solve(a, rhs);
        double b = yMean;
        for (int i = 0; i < d; i++)
        {
            b -= w[i] * gram.Mean[i];
        }
        return new LinearProbe(w, b);
    }

    /// <summary>The probe's predictions for <paramref name="features"/> [n, d].</summary>
    public double[] Predict(double[,] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.GetLength(1) != Weights.Length)
        {
            throw new ArgumentException($"The features have {features.GetLength(1)} columns; the probe was fitted on {Weights.Length}.", nameof(features));
        }
        var result = new double[features.GetLength(0)];
        for (int r = 0; r < result.Length; r++)
        {
            double s = Bias;
            for (int i = 0; i < Weights.Length; i++)
            {
                s += Weights[i] * features[r, i];
            }
            result[r] = s;
        }
        return result;
    }

    /// <summary>R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² on <paramref name="features"/>, ȳ the mean of these targets (0 when the targets are constant).</summary>
    public double RSquared(double[,] features, double[] targets)
    {
        var predicted = Predict(features);
        double mean = targets.Average();
        double residual = 0, total = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            residual += (targets[r] - predicted[r]) * (targets[r] - predicted[r]);
            total += (targets[r] - mean) * (targets[r] - mean);
        }
        return total > 0 ? 1 - residual / total : 0;
    }

    /// <summary>Mean squared error of the predictions on <paramref name="features"/>.</summary>
    public double MeanSquaredError(double[,] features, double[] targets)
    {
        var predicted = Predict(features);
        return targets.Select((t, r) => (t - predicted[r]) * (t - predicted[r])).Average();
    }
}
