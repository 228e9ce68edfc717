namespace AlgoLens.Tensors.Optim;

/// <summary>A schedule from any function of the step, for one-off experiments.</summary>
public sealed class LambdaSchedule : ILearningRateSchedule
{
    private readonly Func<int, double> factor;

    /// <summary>Wraps <paramref name="factor"/>, which maps a 0-based update index to a multiplier.</summary>
    public LambdaSchedule(Func<int, double> factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        this.factor = factor;
    }

    /// <inheritdoc/>
    public double Factor(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return factor(step);
    }
}
