using System.Globalization;

namespace AlgoLens.Training;

/// <summary>One row of metrics.csv: the model's state after <see cref="Step"/> updates.</summary>
public sealed record MetricsRow(int Step, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double SumSquaredWeights, double LearningRate, double ElapsedSeconds)
{
    /// <summary>The CSV header line.</summary>
    public const string Header = "step,train_loss,train_accuracy,test_loss,test_accuracy,sum_squared_weights,learning_rate,elapsed_seconds";

    /// <summary>The row as CSV, with round-trippable numbers.</summary>
    public string ToCsv() => string.Join(",", new[]
    {
        Step.ToString(CultureInfo.InvariantCulture),
        Format(TrainLoss), Format(TrainAccuracy), Format(TestLoss), Format(TestAccuracy),
        Format(SumSquaredWeights), Format(LearningRate), ElapsedSeconds.ToString("F3", CultureInfo.InvariantCulture),
    });

    /// <summary>Parses a CSV line written by <see cref="ToCsv"/>.</summary>
    public static MetricsRow Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(',');
        if (parts.Length != 8)
        {
            throw new FormatException($"metrics.csv line '{line}' has {parts.Length} fields; expected 8 ({Header}).");
        }
        double D(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
        return new MetricsRow(int.Parse(parts[0], CultureInfo.InvariantCulture), D(1), D(2), D(3), D(4), D(5), D(6), D(7));
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
