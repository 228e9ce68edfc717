namespace AlgoLens.Tensors.Optim;

/// <summary>
/// A learning-rate multiplier as a function of the step, like the lambda of PyTorch's
/// <c>LambdaLR</c>: the update with 0-based index k uses <c>base_lr · Factor(k)</c>.
/// Apply one with a <see cref="LearningRateScheduler"/>.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The multiplier for the update with 0-based index <paramref name="step"/> (≥ 0).</summary>
    double Factor(int step);
}
