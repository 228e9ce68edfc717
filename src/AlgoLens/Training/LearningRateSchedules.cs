using AlgoLens.Tensors.Optim;

namespace AlgoLens.Training;

/// <summary>
/// The learning-rate schedules a run can name in <see cref="TrainingConfig.LrSchedule"/>, and the
/// optimizer schedule each one builds. Both start with the linear warm-up of
/// <see cref="TrainingConfig.WarmupSteps"/>.
/// </summary>
public static class LearningRateSchedules
{
    /// <summary>Warm-up, then the peak rate throughout (the grokking paper's schedule, and the default).</summary>
    public const string Constant = "constant";

    /// <summary>Warm-up, then a half cosine from the peak rate down to the minimum at the decay horizon, and the minimum after it.</summary>
    public const string Cosine = "cosine";

    /// <summary>Every schedule name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Constant, Cosine];

    /// <summary>
    /// The schedule of <paramref name="config"/>, whose cosine fields must be resolved
    /// (<see cref="TrainingConfig.ResolveSchedule"/>), as factors of its learning rate.
    /// </summary>
    public static ILearningRateSchedule Create(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.LrSchedule switch
        {
            // The constant schedule stays the warm-up alone, so default runs are bitwise what
            // they were before schedules could be chosen.
            Constant => new LinearWarmupSchedule(config.WarmupSteps),
            Cosine => new CosineSchedule(
                config.DecaySteps ?? throw new InvalidOperationException("The cosine schedule's decay horizon is not resolved; call ResolveSchedule first."),
                config.WarmupSteps,
                (config.MinLearningRate ?? throw new InvalidOperationException("The cosine schedule's minimum rate is not resolved; call ResolveSchedule first.")) / config.LearningRate),
            _ => throw new ArgumentException($"Unknown learning-rate schedule '{config.LrSchedule}'. Schedules: {string.Join(", ", Names)}."),
        };
    }
}
