using AlgoLens.Common;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Training;

/// <summary>
/// A model's cross-entropy at each position of a batch of token examples, summed over the examples
/// whose targets read that position: the loss-by-position curve of TransformerLens's induction
/// demo, and the sums a caller needs to average over any set of positions. Log-sum-exp in float64,
/// as the trainer's loss.
/// </summary>
/// <param name="Total">Per position, the summed loss of the examples read there.</param>
/// <param name="Count">Per position, how many examples are read there.</param>
public sealed record PositionLosses(double[] Total, int[] Count)
{
    /// <summary>Examples per forward pass: bounds memory on large batches without changing results.</summary>
    private const int ChunkSize = 1024;

    /// <summary>The mean loss at <paramref name="position"/>; NaN where no example is read.</summary>
    public double Mean(int position) => Count[position] == 0 ? double.NaN : Total[position] / Count[position];

    /// <summary>The mean loss over every (example, position) read.</summary>
    public double Overall => Count.Sum() == 0 ? double.NaN : Total.Sum() / Count.Sum();

    /// <summary>
    /// The loss of <paramref name="model"/> (class outputs, one per target class) on
    /// <paramref name="examples"/> at every position their targets read (-1: not read).
    /// </summary>
    /// <exception cref="ArgumentException">The examples have real-valued targets, or the model's outputs do not match their classes.</exception>
    public static PositionLosses Measure(IModel model, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        var classes = examples.Targets.Classes ?? throw new ArgumentException("Position losses need class targets; these are real values.");
        int positions = examples.Input.Positions;
        var total = new double[positions];
        var count = new int[positions];
        using var noGrad = Tensor.NoGrad();
        for (int start = 0; start < examples.Count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, examples.Count - start);
            using var memory = MemoryScope.Begin();
            var chunk = examples.SelectRows(Enumerable.Range(start, n).ToArray());
            var logits = model.Forward(chunk.Input); // [n, positions, classes]
            int width = logits.Shape[^1];
            for (int row = 0; row < n; row++)
            {
                for (int p = 0; p < positions; p++)
                {
                    int label = classes[(start + row) * positions + p];
                    if (label < 0)
                    {
                        continue;
                    }
                    if (label >= width)
                    {
                        throw new ArgumentException($"Target class {label} is outside the model's {width} outputs.");
                    }
                    total[p] += CrossEntropy(logits.Data.AsSpan((row * positions + p) * width, width), label);
                    count[p]++;
                }
            }
        }
        return new PositionLosses(total, count);
    }

    private static double CrossEntropy(ReadOnlySpan<float> logits, int label) => LogSumExp.CrossEntropy(logits, label);
}
