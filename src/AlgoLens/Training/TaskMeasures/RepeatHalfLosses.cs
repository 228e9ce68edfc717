namespace AlgoLens.Training.TaskMeasures;

/// <summary>A model's mean loss on the two halves of repeat examples (see <see cref="RepeatMeasures.HalfLosses"/>).</summary>
/// <param name="FirstHalf">Mean loss predicting the first copy's x2..xL (random: ln V at best).</param>
/// <param name="RepeatedHalf">Mean loss predicting the second copy's x2..xL (the task's targets).</param>
public sealed record RepeatHalfLosses(double FirstHalf, double RepeatedHalf)
{
    /// <summary>How many times lower the repeated half's loss is than the first half's.</summary>
    public double Ratio => FirstHalf / RepeatedHalf;
}
