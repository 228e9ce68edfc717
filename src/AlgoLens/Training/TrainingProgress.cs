namespace AlgoLens.Training;

/// <summary>What a running trainer reports: after every step, and with the latest metrics row.</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double TrainLoss, MetricsRow? LastMetrics, TimeSpan Elapsed);
