using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors;

namespace AlgoLens.Training;

/// <summary>The loss and a task's metrics of a model on one split.</summary>
/// <param name="Loss">Mean loss over the positions the targets read.</param>
/// <param name="Metrics">Each metric the task declares, by kind.</param>
public sealed record SplitMetrics(double Loss, IReadOnlyDictionary<TaskMetric, double> Metrics)
{
    /// <summary>Accuracy, or NaN when the task does not measure it.</summary>
    public double Accuracy => Metrics.TryGetValue(TaskMetric.Accuracy, out double a) ? a : double.NaN;
}

/// <summary>Loss and metrics of a model on a set of examples, where their targets are read.</summary>
public static class Evaluation
{
    /// <summary>Examples per forward pass: bounds memory on large test sets without changing results.</summary>
    public const int ChunkSize = 4096;

    /// <summary>The column name of a metric in metrics.csv and eval --json.</summary>
    public static string ColumnName(TaskMetric metric) => metric switch
    {
        TaskMetric.Accuracy => "accuracy",
        TaskMetric.ExactMatch => "exact_match",
        TaskMetric.Mse => "mse",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Mean loss and accuracy at the examples' loss positions (class targets).</summary>
    public static (double Loss, double Accuracy) Evaluate(IModel model, ExampleBatch examples)
    {
        var result = Evaluate(model, examples, [TaskMetric.Accuracy]);
        return (result.Loss, result.Accuracy);
    }

    /// <summary>
    /// Mean loss (cross-entropy with a float64 log-sum-exp, or MSE) over every position the targets
    /// read, and each of <paramref name="metrics"/>.
    /// </summary>
    public static SplitMetrics Evaluate(IModel model, ExampleBatch examples, IReadOnlyList<TaskMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(metrics);
        using var _ = Tensor.NoGrad();
        int[] positions = examples.Targets.LossPositions();
        var totals = new Totals();
        for (int start = 0; start < examples.Count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, examples.Count - start);
            // Intermediates of each chunk go back to the pool: only the sums below leave it.
            using var memory = MemoryScope.Begin();
            var chunk = n == examples.Count ? examples : examples.SelectRows(Enumerable.Range(start, n).ToArray());
            var outputs = model.Forward(chunk.Input, ForwardOptions.AtPositions(positions)); // [n, read, width]
            if (chunk.Targets.IsClasses)
            {
                AddClasses(totals, outputs, chunk.Targets, positions, n);
            }
            else
            {
                AddValues(totals, outputs, chunk.Targets, positions);
            }
        }
        var result = new Dictionary<TaskMetric, double>();
        foreach (var metric in metrics)
        {
            result[metric] = metric switch
            {
                TaskMetric.Accuracy => totals.Correct / totals.Read,
                TaskMetric.ExactMatch => totals.SequencesRight / totals.Sequences,
                TaskMetric.Mse => totals.SquaredError / totals.Read,
                _ => throw new ArgumentOutOfRangeException(nameof(metrics), metric, "Unknown metric."),
            };
        }
        return new SplitMetrics(totals.Loss / totals.Read, result);
    }

    private static void AddClasses(Totals totals, Tensor outputs, Targets targets, int[] positions, int n)
    {
        int read = positions.Length;
        var labels = TrainingLoss.ClassesAt(targets, positions);
        var logits = Ops.Reshape(outputs, n * read, -1);
        var valid = TrainingLoss.ValidRows(labels);
        if (valid is null)
        {
            Ops.CrossEntropy(logits, labels, out double loss);
            totals.Loss += loss * n * read;
            totals.Read += (double)n * read;
        }
        else
        {
            Ops.CrossEntropy(Ops.IndexSelect(logits, 0, valid), valid.Select(i => labels[i]).ToArray(), out double loss);
            totals.Loss += loss * valid.Length;
            totals.Read += valid.Length;
        }
        var predicted = Ops.ArgMax(logits);
        for (int b = 0; b < n; b++)
        {
            bool any = false, allRight = true;
            for (int i = 0; i < read; i++)
            {
                int row = b * read + i;
                if (labels[row] < 0)
                {
                    continue;
                }
                any = true;
                bool right = predicted[row] == labels[row];
                totals.Correct += right ? 1 : 0;
                allRight &= right;
            }
            if (any)
            {
                totals.Sequences++;
                totals.SequencesRight += allRight ? 1 : 0;
            }
        }
    }

    private static void AddValues(Totals totals, Tensor outputs, Targets targets, int[] positions)
    {
        var (values, rowMask) = TrainingLoss.RowsAt(targets, positions);
        int width = targets.Width, read = positions.Length;
        var data = outputs.Data; // [batch·read, width]
        for (int row = 0; row < rowMask.Length; row++)
        {
            if (!rowMask[row])
            {
                continue;
            }
            for (int j = 0; j < width; j++)
            {
                double difference = data[row * width + j] - values[row * width + j];
                double squared = difference * difference;
                totals.Loss += targets.WeightAt(positions[row % read], j) * squared;
                totals.SquaredError += squared;
            }
            totals.Read += width;
        }
    }

    private sealed class Totals
    {
        public double Loss;
        public double Read;
        public double Correct;
        public double Sequences;
        public double SequencesRight;
        public double SquaredError;
    }
}
