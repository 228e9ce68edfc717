using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.InContext;
using AlgoLens.Tensors;

namespace AlgoLens.Training.TaskMeasures;

/// <summary>In-context regression's measure of a model: its error curve, to read beside the baselines' (<see cref="InContextCurve"/>).</summary>
public static class InContextMeasures
{
    /// <summary>Prompts per forward pass (bounds memory on large sets without changing results).</summary>
    public const int ChunkSize = 1024;

    /// <summary>The model's curve: its outputs at the queries against the targets there.</summary>
    public static double[] Curve(IModel model, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        int[] queries = InContextCurve.QueryPositions(examples);
        int count = queries.Length;
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
        return InContextCurve.Of(predictions, examples);
    }

    /// <summary>The model's error curve as figures: mse at the query after n examples, n = 0..k-1.</summary>
    public static IReadOnlyList<TaskFigure> Measure(IModel model, ExampleBatch examples)
    {
        var curve = Curve(model, examples);
        var figures = new List<TaskFigure>(curve.Length);
        for (int n = 0; n < curve.Length; n++)
        {
            figures.Add(new TaskFigure($"model_mse_at_{n}", curve[n], $"the model's mse at the query after {n} example(s)"));
        }
        return figures;
    }
}
