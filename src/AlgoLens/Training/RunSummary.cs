namespace AlgoLens.Training;

/// <summary>What a run reached, read off its metrics: the grokking milestones and the cost.</summary>
public sealed record RunSummary
{
    /// <summary>Optimizer steps done.</summary>
    public int StepsCompleted { get; init; }

    /// <summary>Metrics at the last logged step.</summary>
    public MetricsRow? Final { get; init; }

    /// <summary>First logged step with 100% train accuracy (memorisation), if any.</summary>
    public int? StepTrainAccuracy100 { get; init; }

    /// <summary>Logged step of the highest test loss.</summary>
    public int? StepTestLossPeak { get; init; }

    /// <summary>The highest test loss.</summary>
    public double? TestLossPeak { get; init; }

    /// <summary>First logged step with test accuracy of at least 99% (grokking), if any.</summary>
    public int? StepTestAccuracy99 { get; init; }

    /// <summary>Wall-clock seconds spent on training steps (evaluation and checkpoints included).</summary>
    public double WallSeconds { get; init; }

    /// <summary>Wall-clock seconds until test accuracy first reached 99%, if it did.</summary>
    public double? SecondsToTestAccuracy99 { get; init; }

    /// <summary>Builds a summary from the metrics rows of a run.</summary>
    public static RunSummary FromMetrics(IReadOnlyList<MetricsRow> rows, int stepsCompleted, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var peak = rows.Count == 0 ? null : rows.MaxBy(r => r.TestLoss);
        var grokked = rows.FirstOrDefault(r => r.TestAccuracy >= 0.99);
        return new RunSummary
        {
            StepsCompleted = stepsCompleted,
            Final = rows.Count == 0 ? null : rows[^1],
            StepTrainAccuracy100 = rows.FirstOrDefault(r => r.TrainAccuracy >= 1.0)?.Step,
            StepTestLossPeak = peak?.Step,
            TestLossPeak = peak?.TestLoss,
            StepTestAccuracy99 = grokked?.Step,
            SecondsToTestAccuracy99 = grokked?.ElapsedSeconds,
            WallSeconds = wallSeconds,
        };
    }
}
