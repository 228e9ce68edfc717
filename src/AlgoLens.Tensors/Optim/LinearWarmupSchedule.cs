namespace AlgoLens.Tensors.Optim;

/// <summary>
/// Linear warm-up: <c>Factor(step) = min(step / warmupSteps, 1)</c>, in double, and 1 throughout
/// when <c>warmupSteps</c> is 0. This is the
/// <c>LambdaLR(optimizer, lambda step: min(step / 10, 1))</c> (Nanda et al., progress-measures
/// code), and like it, the very first update (step 0) has learning rate 0: Adam's moment estimates
/// and step count still advance, only the parameters stay put (their decay factor is 1 − 0·wd = 1).
/// With warmup 10 the rate reaches its base value on the update with index 10, the eleventh.
/// </summary>
public sealed class LinearWarmupSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupSteps">Updates over which the factor rises from 0 to 1 (10 in the paper).</param>
    public LinearWarmupSchedule(int warmupSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        WarmupSteps = warmupSteps;
    }

    /// <summary>Length of the warm-up, in updates.</summary>
    public int WarmupSteps { get; }

    /// <inheritdoc/>
    public double Factor(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return WarmupSteps == 0 ? 1.0 : Math.Min((double)step / WarmupSteps, 1.0);
    }
}
