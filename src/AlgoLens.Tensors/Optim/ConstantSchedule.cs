namespace AlgoLens.Tensors.Optim;

/// <summary>Factor 1 at every step: the base learning rate throughout.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <inheritdoc/>
    public double Factor(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return 1.0;
    }
}
