using System.Globalization;

namespace AlgoLens.Tasks.InContext;

/// <summary>
/// A non-learned way to predict y at a prompt's query from the examples before it: fit weights to
/// the n earlier examples, predict w·x. The task's baselines run these on the same prompts the
/// model sees.
/// </summary>
/// <param name="Name">Short name for the baseline's key, e.g. "least_squares".</param>
/// <param name="Description">What it is, in one line.</param>
/// <param name="Fit">Weights [d] from x [n, d] row-major, y [n] and d; n may be 0.</param>
public sealed record InContextEstimator(string Name, string Description, InContextEstimator.FitWeights Fit)
{
    /// <summary>Fits weights [d] to n examples, x [n, d] row-major and y [n].</summary>
    public delegate double[] FitWeights(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int dimension);

    /// <summary>Predicts 0 whatever the examples: its error is E[y²] (d for w ~ N(0, I), x ~ N(0, I)).</summary>
    public static InContextEstimator Zero { get; } = new("zero", "predicts 0 (error E[y²])", (_, _, d) => new double[d]);

    /// <summary>
    /// Least squares on the earlier examples, minimum-norm while they are d or fewer. With noise its
    /// error peaks where n is near d (at n = d it interpolates the noise through a square X whose
    /// inverse has unbounded mean size, the double-descent peak), so its mean over all queries can be
    /// dominated by a few prompts there.
    /// </summary>
    public static InContextEstimator LeastSquares { get; } = new(
        "least_squares", "least squares on the earlier examples (minimum-norm while n ≤ d)",
        (x, y, d) => RidgeRegression.Fit(x, y, d, 0));

    /// <summary>Ridge regression with penalty <paramref name="lambda"/> on the earlier examples.</summary>
    public static InContextEstimator Ridge(double lambda, string why) => new(
        "ridge", $"ridge regression, λ = {lambda.ToString("G4", CultureInfo.InvariantCulture)} ({why})",
        (x, y, d) => RidgeRegression.Fit(x, y, d, lambda));

    /// <summary>The Lasso with penalty <paramref name="alpha"/> on the earlier examples.</summary>
    public static InContextEstimator Lasso(double alpha) => new(
        "lasso", $"Lasso, α = {alpha.ToString("G4", CultureInfo.InvariantCulture)} (objective ‖y − Xw‖²/2n + α‖w‖₁)",
        (x, y, d) => LassoRegression.Fit(x, y, d, alpha));

    /// <summary>The prediction at <paramref name="query"/> from the first <paramref name="examplesBefore"/> examples of <paramref name="prompt"/>.</summary>
    public double Predict(RegressionPrompt prompt, int examplesBefore, ReadOnlySpan<double> query)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        int d = prompt.Dimension;
        var w = Fit(prompt.X.AsSpan(0, examplesBefore * d), prompt.Y.AsSpan(0, examplesBefore), d);
        double prediction = 0;
        for (int j = 0; j < d; j++)
        {
            prediction += w[j] * query[j];
        }
        return prediction;
    }
}
