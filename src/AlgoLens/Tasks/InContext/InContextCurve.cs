using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tasks.InContext;

/// <summary>
/// The error of in-context regression as a function of the number of examples seen: entry n of a
/// curve is the mean squared error of the predictions at the queries x_{n+1} (position 2n), each
/// made from the n examples before it, over the prompts of a batch (Garg et al. 2022's figures, before
/// their normalisation by d). Curves of a model and of the baselines come from the same prompts and
/// the same targets, so they can be read side by side.
/// </summary>
public static class InContextCurve
{
    /// <summary>Prompts per forward pass (bounds memory on large sets without changing results).</summary>
    public const int ChunkSize = 1024;

    /// <summary>The model's curve: its outputs at the queries against the targets there.</summary>
    public static double[] Of(IModel model, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        int count = Shape(examples).Count;
        int[] queries = Enumerable.Range(0, count).Select(RegressionPrompt.QueryPosition).ToArray();
        var predictions = new double[examples.Count * count]; // [prompt, n]
        using var _ = Tensor.NoGrad();
        for (int start = 0; start < examples.Count; start += ChunkSize)
        {
            int rows = Math.Min(ChunkSize, examples.Count - start);
            using var memory = MemoryScope.Begin();
            var chunk = rows == examples.Count ? examples : examples.SelectRows(Enumerable.Range(start, rows).ToArray());
            var outputs = model.Forward(chunk.Input, ForwardOptions.AtPositions(queries)).Data; // [rows, count, 1]
            if (outputs.Length != rows * count)
            {
                throw new ArgumentException($"The model gives {outputs.Length / (rows * count)} outputs per position; in-context regression reads one (d_vocab_out = 1).");
            }
            for (int i = 0; i < outputs.Length; i++)
            {
                predictions[start * count + i] = outputs[i];
            }
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
