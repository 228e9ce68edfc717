using System.Collections.ObjectModel;
using System.Globalization;

namespace AlgoLens.Training;

/// <summary>
/// One row of metrics.csv: the model's state after <see cref="Step"/> updates. The columns are
/// <c>step</c>, then per split the loss and the task's metrics (<c>train_loss, train_accuracy, ...,
/// test_loss, test_accuracy, ...</c>), then <c>sum_squared_weights, learning_rate,
/// elapsed_seconds</c>; a task with accuracy as its only metric has exactly the columns
/// <see cref="ClassicHeader"/>.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(MetricsRowJsonConverter))]
public sealed class MetricsRow
{
    /// <summary>The header of a run whose task measures accuracy only (the grokking runs).</summary>
    public const string ClassicHeader = "step,train_loss,train_accuracy,test_loss,test_accuracy,sum_squared_weights,learning_rate,elapsed_seconds";

    private readonly Dictionary<string, double> values;

    /// <summary>A row with the given named values (column names without <c>step</c>), in column order.</summary>
    public MetricsRow(int step, IEnumerable<KeyValuePair<string, double>> namedValues)
    {
        ArgumentNullException.ThrowIfNull(namedValues);
        Step = step;
        var columns = new List<string>();
        values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in namedValues)
        {
            if (!values.TryAdd(name, value))
            {
                throw new ArgumentException($"Metric '{name}' appears twice in one row.");
            }
            columns.Add(name);
        }
        Columns = new ReadOnlyCollection<string>(columns);
    }

    /// <summary>A row of the classic columns (loss and accuracy on each split).</summary>
    public MetricsRow(int step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy, double sumSquaredWeights, double learningRate, double elapsedSeconds)
        : this(step, [
            new("train_loss", trainLoss), new("train_accuracy", trainAccuracy),
            new("test_loss", testLoss), new("test_accuracy", testAccuracy),
            new("sum_squared_weights", sumSquaredWeights), new("learning_rate", learningRate), new("elapsed_seconds", elapsedSeconds)])
    {
    }

    /// <summary>Optimizer steps done.</summary>
    public int Step { get; }

    /// <summary>Column names after <c>step</c>, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>A value by column name, NaN when the row has no such column.</summary>
    public double this[string column] => values.TryGetValue(column, out double v) ? v : double.NaN;

    /// <summary>True when the row has the column.</summary>
    public bool Has(string column) => values.ContainsKey(column);

    /// <summary>Mean loss on the training set.</summary>
    public double TrainLoss => this["train_loss"];

    /// <summary>Accuracy on the training set (NaN when the task measures none).</summary>
    public double TrainAccuracy => this["train_accuracy"];

    /// <summary>Mean loss on the test set.</summary>
    public double TestLoss => this["test_loss"];

    /// <summary>Accuracy on the test set (NaN when the task measures none).</summary>
    public double TestAccuracy => this["test_accuracy"];

    /// <summary>Σw² over every parameter.</summary>
    public double SumSquaredWeights => this["sum_squared_weights"];

    /// <summary>The learning rate of the step.</summary>
    public double LearningRate => this["learning_rate"];

    /// <summary>Wall-clock seconds since the run started (resumes included).</summary>
    public double ElapsedSeconds => this["elapsed_seconds"];

    /// <summary>The CSV header of this row's columns.</summary>
    public string Header => "step," + string.Join(",", Columns);

    /// <summary>The row as CSV, with round-trippable numbers (elapsed seconds to the millisecond).</summary>
    public string ToCsv() => Step.ToString(CultureInfo.InvariantCulture) + "," + string.Join(",", Columns.Select(c =>
        c == "elapsed_seconds" ? values[c].ToString("F3", CultureInfo.InvariantCulture) : values[c].ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>Parses a CSV line written by <see cref="ToCsv"/> under <paramref name="header"/>.</summary>
    public static MetricsRow Parse(string line, string header = ClassicHeader)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(header);
        var names = header.Split(',');
        var parts = line.Split(',');
        if (parts.Length != names.Length || names[0] != "step")
        {
            throw new FormatException($"metrics.csv line '{line}' has {parts.Length} fields; the header has {names.Length} ({header}).");
        }
        var row = new List<KeyValuePair<string, double>>();
        for (int i = 1; i < names.Length; i++)
        {
            row.Add(new(names[i], double.Parse(parts[i], CultureInfo.InvariantCulture)));
        }
        return new MetricsRow(int.Parse(parts[0], CultureInfo.InvariantCulture), row);
    }
}
