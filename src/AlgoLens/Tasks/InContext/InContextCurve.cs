using AlgoLens.Data;

namespace AlgoLens.Tasks.InContext;

/// <summary>
/// The error of in-context regression as a function of the number of examples seen: entry n of a
/// curve is the mean squared error of the predictions at the queries x_{n+1} (position 2n), each
/// made from the n examples before it, over the prompts of a batch (Garg et al. 2022's figures, before
/// their normalisation by d). Curves of a model and of the baselines come from the same prompts and
/// the same targets, so they can be read side by side. A model's curve is measured above the tasks
/// (the evaluation runs the model and hands its predictions to <see cref="Of(double[], ExampleBatch)"/>).
/// </summary>
public static class InContextCurve
{
    /// <summary>
    /// The positions of the queries x_{n+1} (2n, n = 0..k-1) of prompts in this layout, where a
    /// model's predictions are read for <see cref="Of(double[], ExampleBatch)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The examples are not prompts in this layout.</exception>
    public static int[] QueryPositions(ExampleBatch examples) =>
        Enumerable.Range(0, Shape(examples).Count).Select(RegressionPrompt.QueryPosition).ToArray();

    /// <summary>
    /// The curve of predictions made elsewhere (a model's outputs at the <see cref="QueryPositions"/>),
    /// <paramref name="predictions"/>[prompt · k + n] being the prediction at query n of that prompt.
    /// </summary>
    public static double[] Of(double[] predictions, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        int count = Shape(examples).Count;
        if (predictions.Length != examples.Count * count)
        {
            throw new ArgumentException($"{examples.Count} prompts of {count} queries need {examples.Count * count} predictions; got {predictions.Length}.");
        }
        return Errors(examples, count, (row, n) => predictions[row * count + n]);
    }

    /// <summary>The curve of a non-learned estimator, fitted afresh to each prompt's first n examples.</summary>
    public static double[] Of(InContextEstimator estimator, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        var (count, dimension) = Shape(examples);
        int stride = examples.Input.Positions * examples.Input.Width;
        var prompts = new RegressionPrompt[examples.Count];
        for (int row = 0; row < prompts.Length; row++)
        {
            prompts[row] = RegressionPrompt.Read(examples.Input.Values.AsSpan(row * stride, stride), dimension);
        }
        return Errors(examples, count, (row, n) => estimator.Predict(prompts[row], n, prompts[row].Input(n)));
    }

    /// <summary>Mean squared error per query, against the targets where the loss mask reads them.</summary>
    private static double[] Errors(ExampleBatch examples, int count, Func<int, int, double> predict)
    {
        var targets = examples.Targets;
        var sums = new double[count];
        var read = new int[count];
        for (int row = 0; row < examples.Count; row++)
        {
            for (int n = 0; n < count; n++)
            {
                int slot = row * targets.Positions + RegressionPrompt.QueryPosition(n);
                if (!targets.LossMask[slot])
                {
                    continue;
                }
                double error = predict(row, n) - targets.Values![slot];
                sums[n] += error * error;
                read[n]++;
            }
        }
        return sums.Select((sum, n) => read[n] > 0 ? sum / read[n] : double.NaN).ToArray();
    }

    /// <summary>Examples k and dimension d of a batch in the layout of <see cref="RegressionPrompt"/>.</summary>
    private static (int Count, int Dimension) Shape(ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var input = examples.Input;
        if (input.Values is null || input.Width < 2 || input.Positions % 2 != 0
            || examples.Targets.Values is null || examples.Targets.Width != 1)
        {
            throw new ArgumentException("An in-context regression curve needs prompts in its layout: real input of 2k positions of d + 1 values, one real target per position.");
        }
        return (input.Positions / 2, input.Width - 1);
    }
}
