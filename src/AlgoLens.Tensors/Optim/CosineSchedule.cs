namespace AlgoLens.Tensors.Optim;

/// <summary>
/// Linear warm-up then cosine decay to a floor:
/// <c>step / warmup</c> for step &lt; warmup, then with
/// <c>progress = min(1, (step − warmup) / max(1, total − warmup))</c>,
/// <c>minFactor + (1 − minFactor) · (1 + cos(π · progress)) / 2</c>; <c>minFactor</c> from
/// <c>totalSteps</c> on.
/// </summary>
public sealed class CosineSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="totalSteps">Update index at which the decay reaches <paramref name="minFactor"/>.</param>
    /// <param name="warmupSteps">Updates of linear warm-up first (0 for none); at most <paramref name="totalSteps"/>.</param>
    /// <param name="minFactor">The final factor, in [0, 1].</param>
    public CosineSchedule(int totalSteps, int warmupSteps = 0, double minFactor = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, warmupSteps);
        if (!(minFactor >= 0 && minFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minFactor), minFactor, "minFactor must be in [0, 1].");
        }
        TotalSteps = totalSteps;
        WarmupSteps = warmupSteps;
        MinFactor = minFactor;
    }

    /// <summary>Update index at which the decay ends.</summary>
    public int TotalSteps { get; }

    /// <summary>Length of the warm-up, in updates.</summary>
    public int WarmupSteps { get; }

    /// <summary>The factor at and after <see cref="TotalSteps"/>.</summary>
    public double MinFactor { get; }

    /// <inheritdoc/>
    public double Factor(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
        {
            return (double)step / WarmupSteps;
        }
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return MinFactor + (1 - MinFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
